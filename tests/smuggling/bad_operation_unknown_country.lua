-- expect: 4: unknown country 'CX'
local sw = require "smugworld"
sw.build()
operation { country = "CX", from = "2022-05-01", intel = 10 }
