-- expect: 4: route Hub -> Gate: unknown mode 'bike' (one of: air, road, foot, sea, river)
local toy = require "toyworld"
toy.build()
route { from = "Hub", to = "Gate", mode = "bike", km = 50 }
