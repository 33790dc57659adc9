-- expect: 5: unexpected symbol near '='
local toy = require "toyworld"
toy.build()
local x = 1
x = = 2
