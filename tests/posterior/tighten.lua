-- tighten: the baseline, and from 2022-03-01 BB-CC detects 0.7 of attempts. Nothing differs
-- from the baseline before that date (compare forks there).
require("postworld").build("post_tighten")
at("2022-03-01", "BB-CC detection 0.7", function() set("border.BB-CC.detection_prob", 0.7) end)
