-- expect: 4: bad argument #1 to 'on_day' (function expected, got string)
local toy = require "toyworld"
toy.build()
on_day("daily")
