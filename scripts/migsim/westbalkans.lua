-- migsim.westbalkans: the default world, the Western Balkans route in 2022.
--
--   local wb = require "migsim.westbalkans"   -- builds the world, 2022-01-01 .. 2023-09-30
--   wb.serbian_visa_changes()                 -- schedules Serbia's real visa changes
--
-- Demand (would-be migrants per day, by nationality and month) is calibrated to
-- Frontex's monthly detections from 2021-07 to 2022-09 (migsim.wb_demand,
-- tools/calibrate.py); after 2022-09 it stays at its mean Jul-Sep 2022 level, so any
-- fall after a visa change comes from the mechanism, not from the inputs.
-- The run starts on 2021-07-01 so that people are already on the route on
-- 2022-01-01; the six warm-up months are simulated but not reported.

local world = require "migsim.wb_world"
local demand = require "migsim.wb_demand"

world.build(demand.per_day)
scenario { name = "westbalkans", warmup_from = "2021-07-01", start = "2022-01-01", stop = "2023-09-30" }
-- Replicates, comparisons and sweeps draw their parameters from the calibrated posterior
-- (remade by `migsim calibrate scenarios/calibration/wb2022.lua -o data/posterior/wb2022.json`);
-- --fixed runs the values above. Not beside the scenario, the path is looked up in migsim's data.
default_posterior("data/posterior/wb2022.json")

local M = { world = world, demand = demand }

-- Serbia's visa reintroductions, data/visa_changes.csv (tests/scenario, visa_events_match_data,
-- checks that wb2022's visa events agree with it; Guinea-Bissau is not in this world).
M.visa_changes = {
  { nationality = "BDI", date = "2022-10-21", announced = "2022-10-20", sources = "S40;S41;S42" },
  { nationality = "TUN", date = "2022-11-20", announced = "2022-10-20", sources = "S40;S41;S42" },
  { nationality = "IND", date = "2023-01-01", announced = "2022-12-15", sources = "S43;S44" },
  { nationality = "CUB", date = "2023-04-14", sources = "S45;S46" },
}

-- Schedule every change in M.visa_changes (the real 2022-23 alignment).
function M.serbian_visa_changes()
  for _, v in ipairs(M.visa_changes) do
    visa_change {
      country = "RS", nationality = v.nationality, free = false, date = v.date, announced = v.announced,
      label = "Serbia reintroduces visas for " .. v.nationality .. " (" .. v.sources .. ")",
    }
  end
end

return M
