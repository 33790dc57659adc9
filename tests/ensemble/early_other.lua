-- early_other: like early_tighten.lua, but its change on 2022-02-01 goes to 0.6, not 0.5: it
-- differs from early.lua from 2022-02-01, so a fork after that day must be refused.
require("ensworld").build("ens_early_other")
at("2022-02-01", "BB-CC detection up to 0.6", function() set("border.BB-CC.detection_prob", 0.6) end)
at("2022-03-01", "BB-CC detection 0.7", function() set("border.BB-CC.detection_prob", 0.7) end)
