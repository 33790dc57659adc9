-- expect: 4: parameter 'country.CC.network' must be 0 or 1, got 0.5
local sw = require "smugworld"
sw.build()
set("country.CC.network", 0.5)
