-- args: --seed 3 --set demand.uncertainty=0 --set nationality.XXB.projection.persistence=1
-- check: P["demand.uncertainty"] == 0 and P["nationality.XXB.projection.persistence"] == 1 and P["nationality.XXB.projection.sigma"] == 0.3
-- check: "nationality.XXA.projection.sigma" not in P
-- check: [round(x, 9) for x in M["demand"]["XXB"]] == [5, 10, 15]
-- check: M["demand"]["XXA"] == [20, 20, 20]
local toy = require "toyworld"
toy.build()
nationality { code = "XXB", origin = "Origin",
  demand = { start = "2022-01", per_day = { 5 },
             projection = { level = 50, season = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, persistence = 0.2, sigma = 0.3 } },
  destinations = { Dest = 1 }, channels = { { name = "walk", to = "Hub" } } }
