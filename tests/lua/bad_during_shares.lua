-- expect: 5: during{}: parameter 'border.BB-CC.pushback_share' = 0.9 makes pushback_share + registration_share of BB-CC exceed 1
-- A pair of shares that no order of setting makes valid is refused at load.
local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-02-28",
         set = { ["border.BB-CC.pushback_share"] = 0.9, ["border.BB-CC.registration_share"] = 0.2 } }
