-- expect: 5: nationality XXB: demand.projection: 'level' must be above 0 persons/day, got 0
local toy = require "toyworld"
toy.build()
local p = { level = 0, persistence = 0.5, sigma = 0.3 }
nationality { code = "XXB", origin = "Origin", demand = { start = "2022-01", per_day = { 5 }, projection = p },
  destinations = { Dest = 1 }, channels = { { name = "walk", to = "Hub" } } }
