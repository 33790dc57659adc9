-- expect: 5: parameter 'border.BB-CC.smuggling_price' must be above 0: smuggling group 'north' serves the segment
-- (`check` finds it too: it calls every hook once)
local sw = require "smugworld"
sw.build()
at("2022-03-01", function() set("border.BB-CC.smuggling_price", 0) end)
