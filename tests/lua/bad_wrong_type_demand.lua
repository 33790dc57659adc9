-- expect: 4: nationality XXB: demand must be persons per day (a number) or {start=, per_day={...}}, got string
local toy = require "toyworld"
toy.build()
nationality { code = "XXB", origin = "Origin", demand = "lots",
              destinations = { Dest = 1 }, channels = { { name = "walk", to = "Hub" } } }
