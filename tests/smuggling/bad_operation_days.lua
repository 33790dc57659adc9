-- expect: 4: operation{}: days must be a whole number >= 1, got 0.5
local sw = require "smugworld"
sw.build()
operation { country = "CC", from = "2022-05-01", days = 0.5, intel = 10 }
