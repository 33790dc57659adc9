-- expect: 4: 'io' is not available to scenarios (they run in a sandbox
local toy = require "toyworld"
toy.build()
local f = io.open("/etc/passwd")
