-- wb2022: the Western Balkans route, 2022-01-01 to 2023-09-30, with Serbia's real
-- visa reintroductions (Burundi 2022-10-21, Tunisia 2022-11-20, India 2023-01-01,
-- Cuba 2023-04-14; data/visa_changes.csv). The default run of migsim.
--
-- Compare with scenarios/wb2022_no_visa_alignment.lua, the same world without them.

local wb = require "migsim.westbalkans"
scenario { name = "wb2022" }
wb.serbian_visa_changes()
