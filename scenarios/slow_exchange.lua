-- slow_exchange: the same contact-point network as police_data_exchange.lua, but a
-- report takes 30 days to reach the other members (the pace of formal requests
-- rather than immediate operational exchange).
--
-- Asks: how much of the network's effect comes from speed? Intelligence ages while
-- it waits (half-life smuggling.intel_half_life), and a group can be replaced before
-- the old reports arrive.
--
--   migsim compare scenarios/wb2022.lua scenarios/slow_exchange.lua scenarios/police_data_exchange.lua
--
-- Shows (docs/validation.md, section 7; 20 paired seeds): about 5 more groups dismantled
-- than the baseline (immediate exchange: about 7), and smaller changes to the market and
-- to exploitation (-510 victims against -790) than immediate exchange.
local wb = require "migsim.westbalkans"
scenario { name = "slow_exchange" }
wb.serbian_visa_changes()

at("2022-11-18", "Portoroz network with a 30-day delay (S60, S78)", function()
  network { members = wb.world.portoroz_members, delay_days = 30 }
end)
