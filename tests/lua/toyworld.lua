-- toyworld: the toy world the Lua API fixtures build on (a module, not a fixture).
--
--   local toy = require "toyworld"
--   toy.build()                                  -- 2022-01-01 .. 2022-03-31
--   toy.build { XXA = { demand = 0 }, ["BB-CC"] = { frontex = false } }
--
-- Origin (AA) --air, visa BB--> Airport (BB) -> Hub -> Edge ==border BB-CC==> Gate (CC) -> Dest
--             --overland------> Hub
-- Registered persons go to Camp (CC, reception), then on through Gate.
-- `over` maps a country code, location id, border name ("BB-CC") or nationality
-- code to fields that replace the defaults below.
local M = {}

M.countries = {
  { code = "AA", name = "Aland" },
  { code = "BB", name = "Bland" },
  { code = "CC", name = "Cland", eu = true, schengen = true },
}
M.locations = {
  { id = "Origin", country = "AA", kind = "origin" },
  { id = "Airport", country = "BB", kind = "airport" },
  { id = "Hub", country = "BB", kind = "city" },
  { id = "Edge", country = "BB", kind = "border_area" },
  { id = "Gate", country = "CC", kind = "border_area" },
  { id = "Camp", country = "CC", kind = "reception" },
  { id = "Dest", country = "CC", kind = "destination" },
}
M.routes = {
  { from = "Airport", to = "Hub", km = 20 },
  { from = "Hub", to = "Edge", km = 200 },
  { from = "Edge", to = "Gate", mode = "foot", km = 20, days = 1 },
  { from = "Camp", to = "Gate", km = 10 },
  { from = "Gate", to = "Dest", km = 300 },
}
M.borders = {
  { from = "BB", to = "CC", detection_prob = 0.3, pushback_share = 0.6, registration_share = 0.3,
    reception = "Camp", frontex = true },
}
M.nationalities = {
  { code = "XXA", origin = "Origin", demand = 20, destinations = { Dest = 1 },
    channels = {
      { name = "air", to = "Airport", days = 1, visa = "BB", weight = 0.7, cost = 0 },
      { name = "overland", to = "Hub", mode = "road", days = 3, weight = 0.3, cost = 0 },
    } },
}

local function with(spec, over)
  local t = {}
  for k, v in pairs(spec) do t[k] = v end
  for k, v in pairs(over or {}) do t[k] = v end
  return t
end

function M.build(over)
  over = over or {}
  scenario { name = "toy", start = "2022-01-01", stop = "2022-03-31" }
  for _, c in ipairs(M.countries) do country(with(c, over[c.code])) end
  for _, l in ipairs(M.locations) do location(with(l, over[l.id])) end
  for _, r in ipairs(M.routes) do route(r) end
  for _, b in ipairs(M.borders) do border(with(b, over[b.from .. "-" .. b.to])) end
  for _, n in ipairs(M.nationalities) do nationality(with(n, over[n.code])) end
  visa { country = "BB", nationality = "XXA", free = true }
end

return M
