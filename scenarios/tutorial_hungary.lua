-- tutorial_hungary: the default run (wb2022.lua) plus one policy: from 2022-08-01
-- Hungary reinforces its border with Serbia, so that 80% of crossing attempts
-- there are detected instead of 60% (border.RS-HU.detection_prob in
-- scripts/migsim/wb_world.lua). The README's 10-minute tutorial builds this file
-- and compares it with scenarios/wb2022.lua.

local wb = require "migsim.westbalkans"   -- the calibrated 2022 world and its dates
scenario { name = "tutorial_hungary" }
wb.serbian_visa_changes()                 -- the real visa changes, as in wb2022.lua

at("2022-08-01", "Hungary reinforces the RS-HU border", function()
  set("border.RS-HU.detection_prob", 0.8)
end)
