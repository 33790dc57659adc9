-- expect: 4: bad argument #1 to 'when' (function expected, got boolean)
local toy = require "toyworld"
toy.build()
when(true, function() end)
