-- mono_fast: smugworld with every group working both segments, so police in CC and DD
-- each see part of every group; from 2022-03-01 reports reach the others at once.
local sw = require "smugworld"
sw.build { north = { borders = { "BB-CC", "BB-DD" } }, west = { borders = { "BB-CC", "BB-DD" } } }
scenario { name = "mono_fast" }
at("2022-03-01", function() network { members = { "BB", "CC", "DD" }, delay_days = 0 } end)
