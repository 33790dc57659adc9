-- expect: 5: operation{} schedules while the scenario loads
-- phase: run
local sw = require "smugworld"
sw.build()
at("2022-03-01", function() operation { country = "CC", from = "2022-05-01", intel = 10 } end)
