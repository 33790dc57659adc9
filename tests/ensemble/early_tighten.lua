-- early_tighten: early.lua's change on 2022-02-01 (the same facts, in other words), then
-- BB-CC detection 0.7 from 2022-03-01.
require("ensworld").build("ens_early_tighten")
at("2022-02-01", "BB-CC detection up to 0.5 (the same change as early.lua)", function()
  set("border.BB-CC.detection_prob", 0.5)
end)
at("2022-03-01", "BB-CC detection 0.7", function() set("border.BB-CC.detection_prob", 0.7) end)
