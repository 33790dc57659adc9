-- expect: 4: smuggling group 'north' is defined twice
local sw = require "smugworld"
sw.build()
smuggling_group { id = "north", base = "BB", borders = { "BB-CC" } }
