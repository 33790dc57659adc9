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
-- Shows (docs/validation.md, section 7; 20 paired seeds): departures of the four groups
-- fall from 2023-05 as the ramp begins (about 560 fewer by 2023-09, when the measure has
-- reached only a third of its effect); detections and the smuggling markets follow in
-- proportion. The run ends before the full effect: extend `stop` to see it.
local wb = require "migsim.westbalkans"
scenario { name = "development_aid" }
wb.serbian_visa_changes()

origin_measure {
  nationality = { "PAK", "BGD", "MAR", "TUN" }, from = "2022-11-01", lag_days = 180, ramp_days = 365,
  factor = 0.8, label = "development aid",
}
