-- expect: 4: unknown key 'capcity' in smuggling_group{} (did you mean 'capacity'?)
local sw = require "smugworld"
sw.build()
smuggling_group { id = "x", base = "BB", borders = { "BB-CC" }, capcity = 10 }
