-- postworld: the small world the posterior tests build on (a module, not a scenario): a copy
-- of tests/ensemble/ensworld.lua, so that these tests do not reach into another test's folder.
--
--   local w = require "postworld"
--   w.build("post_base")                   -- 2022-01-01 .. 2022-04-30
--
-- Home (AA) --air, visa BB--> Airport (BB) -> Hub -> Edge ==BB-CC==> Gate (CC) -> Dest
--           --overland------> Hub
-- Registered persons go to Camp (CC, reception), then on through Gate.
-- Small (about 25 departures a day) so that an ensemble of 10 runs in milliseconds.
local M = {}

function M.build(name, over)
  over = over or {}
  local nat = over.nat or "XXA"
  scenario { name = name, start = over.start or "2022-01-01", stop = over.stop or "2022-04-30" }
  country { code = "AA", name = "Aland" }
  country { code = "BB", name = "Bland" }
  country { code = "CC", name = "Cland", eu = true, schengen = true, abscond_prob = 0.2, asylum_prob = 0.5 }
  location { id = "Home", country = "AA", kind = "origin" }
  location { id = "Airport", country = "BB", kind = "airport" }
  location { id = "Hub", country = "BB", kind = "city" }
  location { id = "Edge", country = "BB", kind = "border_area" }
  location { id = "Gate", country = "CC", kind = "border_area" }
  location { id = "Camp", country = "CC", kind = "reception" }
  location { id = "Dest", country = "CC", kind = "destination" }
  route { from = "Airport", to = "Hub", km = 20 }
  route { from = "Hub", to = "Edge", km = 150 }
  route { from = "Edge", to = "Gate", mode = "foot", km = 20, days = 1 }
  route { from = "Camp", to = "Gate", km = 10 }
  route { from = "Gate", to = "Dest", km = 200 }
  border { from = "BB", to = "CC", detection_prob = 0.3, pushback_share = 0.6, registration_share = 0.3,
           reception = "Camp", frontex = true }
  nationality {
    code = nat, origin = "Home", demand = over.demand or 25, rush = 2, displacement = 0.3, destinations = { Dest = 1 },
    channels = {
      { name = "air", to = "Airport", mode = "air", days = 1, visa = "BB", weight = 0.6, cost = 600 },
      { name = "overland", to = "Hub", mode = "road", days = 4, weight = 0.4, cost = 300 },
    },
  }
  visa { country = "BB", nationality = nat, free = true }
end

return M
