-- expect: 5: operation{} schedules while the scenario loads
-- (`check` finds it too: it calls every hook once)
local sw = require "smugworld"
sw.build()
at("2022-03-01", function() operation { country = "CC", from = "2022-05-01", intel = 10 } end)
