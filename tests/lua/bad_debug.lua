-- expect: 4: 'debug' is not available to scenarios (they run in a sandbox
local toy = require "toyworld"
toy.build()
debug.sethook()
