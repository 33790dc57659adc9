-- expect: 5: parameter 'group.north.capacity' must be in [0, 1e+09], got -1
-- phase: run
local sw = require "smugworld"
sw.build()
at("2022-03-01", function() set("group.north.capacity", -1) end)
