-- expect: 4: smuggling group 'x': unknown border segment 'BB-CX' (did you mean 'BB-CC'?)
local sw = require "smugworld"
sw.build()
smuggling_group { id = "x", base = "BB", borders = { "BB-CC", "BB-CX" } }
