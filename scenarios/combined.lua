-- combined: Serbia completes its visa alignment with the EU and the Portoroz network
-- exchanges data on smuggling groups immediately.
--
-- On top of the real 2022-23 changes (in the baseline too), Serbia also requires
-- visas of Turkish nationals from 2023-01-01 (announced 2022-12-15, like India's):
-- Turkey is on the EU's visa list, so this is what full alignment means for the
-- nationalities in this world. From 2022-11-18 the Portoroz members exchange data
-- immediately (police_data_exchange.lua).
--
-- Asks: what do the two levers do together, against the baseline and against each
-- alone?
--
--   migsim compare scenarios/wb2022.lua scenarios/police_data_exchange.lua scenarios/combined.lua
--
-- Shows (docs/validation.md, section 7; 20 paired seeds): about 11,000 fewer departures
-- (Turkish nationals deterred from the air route) and 6,400 fewer Frontex-counted
-- detections than the baseline, with the network's effects on dismantling (+7 groups) and
-- exploitation as in police_data_exchange.lua: the two levers add up, they do not interact
-- much.
local wb = require "migsim.westbalkans"
scenario { name = "combined" }
wb.serbian_visa_changes()

visa_change {
  country = "RS", nationality = "TUR", free = false, date = "2023-01-01", announced = "2022-12-15",
  label = "Serbia requires visas of Turkish nationals (full alignment; hypothetical)",
}
at("2022-11-18", "Portoroz: contact points for immediate exchange of data on smuggling groups (S60, S78)",
  function()
    network { members = wb.world.portoroz_members, delay_days = 0 }
  end)
