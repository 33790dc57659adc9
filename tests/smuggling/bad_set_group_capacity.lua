-- expect: 5: parameter 'group.north.capacity' must be in [0, 1e+09], got -1
-- (`check` finds it too: it calls every hook once)
local sw = require "smugworld"
sw.build()
at("2022-03-01", function() set("group.north.capacity", -1) end)
