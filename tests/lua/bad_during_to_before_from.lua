-- expect: 4: during{}: 'to' (2022-01-31) is before 'from' (2022-02-01)
local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-01-31", set = { ["border.BB-CC.closed"] = true } }
