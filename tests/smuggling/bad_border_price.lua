-- expect: 4: border BB-CC: smuggling_price must be in [0, 1e7] EUR, got -300
local sw = require "smugworld"
sw.build()
border { from = "BB", to = "CC", smuggling_price = -300 }
