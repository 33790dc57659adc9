-- expect: 4: smuggling_group{}: 'borders' is required
local sw = require "smugworld"
sw.build()
smuggling_group { id = "x", base = "BB" }
