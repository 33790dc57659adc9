-- expect: 4: 'load' is not available to scenarios (they run in a sandbox
local toy = require "toyworld"
toy.build()
local f = load("return 1")
