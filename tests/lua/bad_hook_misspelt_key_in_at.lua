-- expect: 9: unknown parameter 'border.BB-CC.detection_prb' (did you mean 'border.BB-CC.detection_prob'?)
-- expect-also: (scenario hook on 2022-03-20)
-- issue 17, friction 3: a misspelt key inside at() is found by `check` (which calls every hook
-- once), not only by `run` when the day comes.
local toy = require "toyworld"
toy.build()
at("2022-03-01", function() set("border.BB-CC.detection_prob", 0.9) end)
at("2022-03-20", "closure", function()
  set("border.BB-CC.detection_prb", 1)
end)
