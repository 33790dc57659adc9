-- expect: 4: undefined global 'debug'
local toy = require "toyworld"
toy.build()
debug.sethook()
