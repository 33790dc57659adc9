-- expect: 4: parameter 'border.BB-CC.smuggling_price' must be in [0, 1e+07], got -300 (unit: EUR/person)
local sw = require "smugworld"
sw.build()
border { from = "BB", to = "CC", smuggling_price = -300 }
