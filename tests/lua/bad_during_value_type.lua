-- expect: 4: during{}: set['border.BB-CC.closed'] must be a number or true/false, got string
local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-02-28", set = { ["border.BB-CC.closed"] = "yes" } }
