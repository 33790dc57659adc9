-- expect: 4: unknown nationality 'XXB'
local sw = require "smugworld"
sw.build()
origin_measure { nationality = { "XXA", "XXB" }, from = "2022-05-01", factor = 0.5 }
