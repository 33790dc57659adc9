-- expect: 4: smuggling group 'x': unknown base country 'XB'
local sw = require "smugworld"
sw.build()
smuggling_group { id = "x", base = "XB", borders = { "BB-CC" } }
