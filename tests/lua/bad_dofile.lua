-- expect: 4: 'dofile' is not available to scenarios (they run in a sandbox
local toy = require "toyworld"
toy.build()
dofile("toyworld.lua")
