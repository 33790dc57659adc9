-- expect: 4: unknown parameter 'border.BB-CC.detecton_prob' (did you mean 'border.BB-CC.detection_prob'?)
local toy = require "toyworld"
toy.build()
set("border.BB-CC.detecton_prob", 0.5)
