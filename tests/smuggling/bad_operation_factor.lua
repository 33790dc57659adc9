-- expect: 4: operation{}: threshold_factor must be in (0, 1]
local sw = require "smugworld"
sw.build()
operation { country = "CC", from = "2022-05-01", days = 10, threshold_factor = 2 }
