-- expect: 5: during{} schedules while the scenario loads; inside a hook use set()
-- (check catches this: it calls every hook once)
local toy = require "toyworld"
toy.build()
at("2022-02-01", function() during { from = "2022-02-05", to = "2022-02-10", set = { ["border.BB-CC.closed"] = 1 } } end)
