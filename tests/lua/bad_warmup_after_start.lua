-- expect: 4: scenario{}: warmup_from (2022-03-01) is after start (2022-02-01)
local toy = require "toyworld"
toy.build()
scenario { start = "2022-02-01", warmup_from = "2022-03-01" }
