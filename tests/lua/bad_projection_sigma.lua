-- expect: 5: nationality XXB: demand.projection: 'sigma' must be in [0, 10], got -1
local toy = require "toyworld"
toy.build()
local p = { level = 10, persistence = 0.5, sigma = -1 }
nationality { code = "XXB", origin = "Origin", demand = { start = "2022-01", per_day = { 5 }, projection = p },
  destinations = { Dest = 1 }, channels = { { name = "walk", to = "Hub" } } }
