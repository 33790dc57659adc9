-- smugworld: the small world of the smuggling tests (a module, not a fixture).
--
--   local sw = require "smugworld"
--   sw.build()                        -- 2022-01-01 .. 2022-12-31, three groups
--   sw.build { groups = false }       -- the same world without smuggling groups
--   sw.build { XXA = { demand = 50 }, north = { capacity = 5 } }
--
-- Origin (AA) -> Hub (BB) -> North (BB) ==BB-CC==> Cdest (CC)
--                        \-> West  (BB) ==BB-DD==> Ddest (DD)
-- Groups based in BB: "north" serves BB-CC, "west" BB-DD, "both" both segments, so
-- CC and DD police each see only part of what "both" does: the case a data-exchange
-- network helps with. `over` maps a country code, nationality code, border name or
-- group id to fields that replace the defaults below; `groups = false` leaves the
-- groups out.
local M = {}

M.countries = {
  { code = "AA" }, { code = "BB" },
  { code = "CC", eu = true, schengen = true }, { code = "DD", eu = true, schengen = true },
}
M.locations = {
  { id = "Origin", country = "AA", kind = "origin" },
  { id = "Hub", country = "BB", kind = "city" },
  { id = "North", country = "BB", kind = "border_area" },
  { id = "West", country = "BB", kind = "border_area" },
  { id = "Cdest", country = "CC", kind = "destination" },
  { id = "Ddest", country = "DD", kind = "destination" },
}
M.routes = {
  { from = "Hub", to = "North", km = 150, both = true },
  { from = "Hub", to = "West", km = 150, both = true },
  { from = "North", to = "Cdest", mode = "foot", km = 20, days = 1 },
  { from = "West", to = "Ddest", mode = "foot", km = 20, days = 1 },
}
M.borders = {
  { from = "BB", to = "CC", detection_prob = 0.5, pushback_share = 1, smuggling_price = 500 },
  { from = "BB", to = "DD", detection_prob = 0.5, pushback_share = 1, smuggling_price = 800 },
}
M.nationalities = {
  { code = "XXA", origin = "Origin", demand = 100, money = { mean = 2000, sd = 1000 },
    destinations = { Cdest = 1, Ddest = 1 },
    channels = { { name = "road", to = "Hub", mode = "road", days = 2, cost = 200 } } },
}
M.groups = {
  { id = "north", base = "BB", borders = { "BB-CC" }, capacity = 30, skill = 0.6 },
  { id = "west", base = "BB", borders = { "BB-DD" }, capacity = 30, skill = 0.6 },
  { id = "both", base = "BB", borders = { "BB-CC", "BB-DD" }, capacity = 20, skill = 0.6 },
}

local function with(spec, over)
  local t = {}
  for k, v in pairs(spec) do t[k] = v end
  for k, v in pairs(over or {}) do t[k] = v end
  return t
end

function M.build(over)
  over = over or {}
  scenario { name = "smugworld", start = "2022-01-01", stop = "2022-12-31" }
  for _, c in ipairs(M.countries) do country(with(c, over[c.code])) end
  for _, l in ipairs(M.locations) do location(l) end
  for _, r in ipairs(M.routes) do route(r) end
  for _, b in ipairs(M.borders) do border(with(b, over[b.from .. "-" .. b.to])) end
  for _, n in ipairs(M.nationalities) do nationality(with(n, over[n.code])) end
  if over.groups ~= false then
    for _, g in ipairs(M.groups) do smuggling_group(with(g, over[g.id])) end
  end
  -- Small groups, small threshold: dismantling happens within weeks here.
  set("smuggling.threshold", 100)
  set("smuggling.intel_half_life", 30)
end

return M
