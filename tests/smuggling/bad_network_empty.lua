-- expect: 4: network{}: give members, join, leave or delay_days
local sw = require "smugworld"
sw.build()
network {}
