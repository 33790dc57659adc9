-- development_aid: what if development aid to four origin countries from 2022-11-01
-- lowers the number who set out, after a lag of six months and over a year?
--
-- The size of the effect is ASSUMED (departures fall to 0.8 of their level): the
-- literature does not agree even on its sign (aid can first raise emigration by
-- easing what it costs to leave). This scenario shows how the lever works in migsim
-- and what a given effect at the origin does downstream; it is not an estimate.
--
--   migsim compare scenarios/wb2022.lua scenarios/development_aid.lua --replicates 20
--
-- Shows (docs/validation.md, section 7): departures of PAK, BGD, MAR and TUN fall
-- from 2023-05, linearly to 0.8 of the baseline by 2024-04 (so by at most about 8% in
-- the run's last months); detections follow a month or two later; smuggling markets
-- on the route carry slightly fewer clients.
local wb = require "migsim.westbalkans"
scenario { name = "development_aid" }
wb.serbian_visa_changes()

origin_measure {
  nationality = { "PAK", "BGD", "MAR", "TUN" }, from = "2022-11-01", lag_days = 180, ramp_days = 365,
  factor = 0.8, label = "development aid",
}
