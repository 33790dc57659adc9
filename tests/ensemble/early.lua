-- early: the baseline with BB-CC detection 0.5 from 2022-02-01 (an unlabelled at()).
-- early_tighten.lua schedules the same change from another file with other words, so a
-- comparison of the two may fork after it (compare --fork-at, tests/ensemble test_fork_events).
require("ensworld").build("ens_early")
at("2022-02-01", function() set("border.BB-CC.detection_prob", 0.5) end)
