-- expect: 4: route Hub -> Nowhere: unknown location 'Nowhere'
local toy = require "toyworld"
toy.build()
route { from = "Hub", to = "Nowhere", km = 50 }
