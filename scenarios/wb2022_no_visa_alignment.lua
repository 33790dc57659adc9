-- wb2022_no_visa_alignment: the counterfactual of wb2022.lua. The same world,
-- demand and parameters, but Serbia keeps its 2022 visa regime: Burundian,
-- Tunisian, Indian and Cuban nationals can still fly to Belgrade visa-free.

require "migsim.westbalkans"
scenario { name = "wb2022_no_visa_alignment" }
