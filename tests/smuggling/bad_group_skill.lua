-- expect: 4: smuggling_group x: 'skill' must be in [0, 1], got 1.5
local sw = require "smugworld"
sw.build()
smuggling_group { id = "x", base = "BB", borders = { "BB-CC" }, skill = 1.5 }
