-- expect: 4: route Hub -> Gate: distance must be a positive number of km, got -5
local toy = require "toyworld"
toy.build()
route { from = "Hub", to = "Gate", km = -5 }
