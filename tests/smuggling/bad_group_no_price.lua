-- expect: 4: smuggling group 'x' serves BB-CC, which has no smuggling_price
local sw = require "smugworld"
sw.build { groups = false, ["BB-CC"] = { smuggling_price = 0 } }
smuggling_group { id = "x", base = "BB", borders = { "BB-CC" } }
