-- mono_slow: smugworld with every group working both segments, so police in CC and DD
-- each see part of every group; from 2022-03-01 reports reach the others after 30 days.
local sw = require "smugworld"
sw.build { north = { borders = { "BB-CC", "BB-DD" } }, west = { borders = { "BB-CC", "BB-DD" } } }
scenario { name = "mono_slow" }
at("2022-03-01", function() network { members = { "BB", "CC", "DD" }, delay_days = 30 } end)
