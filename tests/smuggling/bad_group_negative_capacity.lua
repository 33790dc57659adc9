-- expect: 4: smuggling_group x: 'capacity' must be in [0, 1e+09], got -5
local sw = require "smugworld"
sw.build()
smuggling_group { id = "x", base = "BB", borders = { "BB-CC" }, capacity = -5 }
