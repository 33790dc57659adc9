-- expect: 4: bad argument #2 to 'at' (function expected, got no value)
local toy = require "toyworld"
toy.build()
at("2022-01-10")
