-- expect: 4: scenario{}: stop (2022-02-01) is before start (2022-03-01)
local toy = require "toyworld"
toy.build()
scenario { start = "2022-03-01", stop = "2022-02-01" }
