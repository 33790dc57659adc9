-- expect: 4: nationality{} money must be a table, got number
local toy = require "toyworld"
toy.build()
nationality { code = "XXB", origin = "Origin", money = 500,
              destinations = { Dest = 1 }, channels = { { name = "walk", to = "Hub" } } }
