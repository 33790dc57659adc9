-- expect: 4: unknown country 'XX'
local sw = require "smugworld"
sw.build()
network { members = { "CC", "XX" } }
