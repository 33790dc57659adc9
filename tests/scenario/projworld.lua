-- projworld: a small world whose demand data end in 2022-03 and that runs on to 2023-06, so
-- that most of its demand comes from the projection (docs/model.md, Demand projection).
-- A module: projection.lua and projection_tighten.lua build it (scenario_tests.py, projection).
--
--   P_home (PP) --road--> Q_city -> Q_edge =QQ-RR=> R_city
--   S_home (SS) --road--> Q_city                (no projection: the last value holds)
local M = {}

function M.build(name)
scenario { name = name, start = "2022-01-01", stop = "2023-06-30" }

country { code = "PP", name = "Pland" }
country { code = "SS", name = "Sland" }
country { code = "QQ", name = "Qland" }
country { code = "RR", name = "Rland", eu = true, schengen = true }

location { id = "P_home", country = "PP", kind = "origin" }
location { id = "S_home", country = "SS", kind = "origin" }
location { id = "Q_city", country = "QQ", kind = "city" }
location { id = "Q_edge", country = "QQ", kind = "border_area" }
location { id = "R_city", country = "RR", kind = "destination" }

route { from = "Q_city", to = "Q_edge", km = 100 }
route { from = "Q_edge", to = "R_city", mode = "foot", km = 20, days = 1 }
border { from = "QQ", to = "RR", detection_prob = 0.3, pushback_share = 0.7, registration_share = 0 }

local season = { 0.6, 0.6, 0.8, 1.0, 1.2, 1.4, 1.5, 1.4, 1.2, 1.0, 0.7, 0.6 }
nationality {
  code = "PPA", origin = "P_home",
  demand = { start = "2022-01", per_day = { 20, 25, 30 },
             projection = { level = 40, season = season, persistence = 0.8, sigma = 0.35, drift = 0.01 } },
  destinations = { R_city = 1 },
  channels = { { name = "road", to = "Q_city", mode = "road", days = 2, cost = 300 } },
}
nationality {
  code = "SSA", origin = "S_home", demand = { start = "2022-01", per_day = { 5, 6 } },
  destinations = { R_city = 1 },
  channels = { { name = "road", to = "Q_city", mode = "road", days = 2, cost = 300 } },
}
end

return M
