-- expect: 4: origin_measure{}: lag_days must be a whole number >= 0, got -3
local sw = require "smugworld"
sw.build()
origin_measure { nationality = "XXA", from = "2022-05-01", factor = 0.5, lag_days = -3 }
