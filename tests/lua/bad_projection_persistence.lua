-- expect: 5: nationality XXB: demand.projection: 'persistence' must be in [0, 1], got 1.5
local toy = require "toyworld"
toy.build()
local p = { level = 10, persistence = 1.5, sigma = 0.3 }
nationality { code = "XXB", origin = "Origin", demand = { start = "2022-01", per_day = { 5 }, projection = p },
  destinations = { Dest = 1 }, channels = { { name = "walk", to = "Hub" } } }
