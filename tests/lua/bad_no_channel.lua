-- expect: 4: nationality XXB has no entry channel
local toy = require "toyworld"
toy.build()
nationality { code = "XXB", origin = "Origin", demand = 1, destinations = { Dest = 1 } }
