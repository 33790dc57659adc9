-- during: a timed policy and a closed border whose windows a checkpoint must carry
-- (the values to restore live in the engine's schedule, not in Lua locals).
local sw = require "smugworld"
sw.build()
scenario { name = "during" }
during { from = "2022-03-01", to = "2022-05-31", label = "reinforced",
         set = { ["border.BB-DD.detection_prob"] = 0.8, ["smuggling.wait_if_full"] = 0.9 } }
close_border { border = "BB-CC", from = "2022-04-01", to = "2022-06-30", label = "fence" }
at("2022-05-01", "detection eased", function() set("border.BB-DD.detection_prob", 0.7) end)
