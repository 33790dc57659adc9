-- years_tighten: years.lua, and from 2022-01-01 BB-CC detects 0.7 of attempts instead of 0.3:
-- a policy of the second year only.
require("ensworld").build("ens_years_tighten", { start = "2021-11-01", stop = "2022-02-28" })
at("2022-01-01", "BB-CC detection 0.7", function() set("border.BB-CC.detection_prob", 0.7) end)
