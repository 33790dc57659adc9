-- expect: 4: operation{}: give intel, intel_per_day or threshold_factor (it would do nothing)
local sw = require "smugworld"
sw.build()
operation { country = "CC", from = "2022-05-01", days = 10 }
