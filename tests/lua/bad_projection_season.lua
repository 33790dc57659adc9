-- expect: 5: nationality XXB: demand.projection: 'season' must be a list of 12 multipliers, January to December, got 11 values
local toy = require "toyworld"
toy.build()
local p = { level = 10, persistence = 0.5, sigma = 0.3, season = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 } }
nationality { code = "XXB", origin = "Origin", demand = { start = "2022-01", per_day = { 5 }, projection = p },
  destinations = { Dest = 1 }, channels = { { name = "walk", to = "Hub" } } }
