-- expect: 4: network{}: 'members' sets the whole network; use it without join or leave
local sw = require "smugworld"
sw.build()
network { members = { "CC" }, join = { "DD" } }
