-- expect: 4: unknown parameter 'speed.bike'
local toy = require "toyworld"
toy.build()
local v = get("speed.bike")
