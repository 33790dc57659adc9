-- uncarried: keeps a value in a Lua local between two hooks, which a checkpoint does
-- not save: resumed between them, the second hook finds nil (use `carry` instead).
local sw = require "smugworld"
sw.build()
scenario { name = "uncarried" }
local old
at("2022-03-01", function() old = get("border.BB-CC.detection_prob"); set("border.BB-CC.detection_prob", 0.9) end)
at("2022-06-01", function() set("border.BB-CC.detection_prob", old) end)
