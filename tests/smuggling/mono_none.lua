-- mono_none: smugworld with every group working both segments, so police in CC and DD
-- each see part of every group; no data-exchange network.
local sw = require "smugworld"
sw.build { north = { borders = { "BB-CC", "BB-DD" } }, west = { borders = { "BB-CC", "BB-DD" } } }
scenario { name = "mono_none" }

