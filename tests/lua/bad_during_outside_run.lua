-- expect: 5: window 2022-03-01 to 2022-04-30 is not inside the run (2022-01-01 to 2022-03-31)
local toy = require "toyworld"
toy.build()
-- the window must lie inside the run; `to` may be its last day (nothing to restore then)
during { from = "2022-03-01", to = "2022-04-30", set = { ["border.BB-CC.closed"] = true } }
