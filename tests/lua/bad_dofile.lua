-- expect: 4: undefined global 'dofile'
local toy = require "toyworld"
toy.build()
dofile("toyworld.lua")
