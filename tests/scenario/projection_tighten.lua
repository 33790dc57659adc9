-- projection_tighten: projection.lua, and from 2022-09-01 QQ-RR detects 0.6 of attempts.
require("projworld").build("projection_tighten")
at("2022-09-01", "QQ-RR detection 0.6", function() set("border.QQ-RR.detection_prob", 0.6) end)
