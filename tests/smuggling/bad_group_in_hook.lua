-- expect: 5: smuggling_group{} builds the world and can only be called while the scenario loads
-- (`check` finds it too: it calls every hook once)
local sw = require "smugworld"
sw.build()
at("2022-03-01", function() smuggling_group { id = "x", base = "BB", borders = { "BB-CC" } } end)
