-- closure: the default run (wb2022.lua) with Hungary's border with Serbia closed for
-- three months, 2022-11-01 to 2023-01-31: nobody crosses RS-HU; people who reach it
-- wait, turn back to try another border, or go home (closure.* in docs/model.md,
-- "Closed borders"). On 2023-02-01 the border reopens by itself. The tutorial in
-- docs/tutorial-closure.md runs it and compares it with scenarios/wb2022.lua.

local wb = require "migsim.westbalkans"   -- the calibrated 2022 world and its dates
scenario { name = "closure" }
wb.serbian_visa_changes()                 -- the real visa changes, as in wb2022.lua

close_border { border = "RS-HU", from = "2022-11-01", to = "2023-01-31",
               label = "Hungary closes its border with Serbia" }

-- The same with during{}, which can change any parameters for a while:
-- during { from = "2022-11-01", to = "2023-01-31", label = "Hungary closes its border with Serbia",
--          set = { ["border.RS-HU.closed"] = true } }
