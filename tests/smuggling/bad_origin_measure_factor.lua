-- expect: 4: origin_measure{}: factor must be in [0, 1e6] (0 = nobody leaves), got -1
local sw = require "smugworld"
sw.build()
origin_measure { nationality = "XXA", from = "2022-05-01", factor = -1 }
