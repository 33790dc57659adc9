-- expect: 4: network{}: delay_days must be a whole number of days in [0, 365] (0 = immediate exchange), got -1
local sw = require "smugworld"
sw.build()
network { members = { "CC", "DD" }, delay_days = -1 }
