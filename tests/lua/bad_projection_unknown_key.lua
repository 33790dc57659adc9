-- expect: 5: unknown key 'sigam' in nationality XXB: demand.projection (did you mean 'sigma'?)
local toy = require "toyworld"
toy.build()
local p = { level = 10, persistence = 0.5, sigam = 0.3 }
nationality { code = "XXB", origin = "Origin", demand = { start = "2022-01", per_day = { 5 }, projection = p },
  destinations = { Dest = 1 }, channels = { { name = "walk", to = "Hub" } } }
