-- expect: 7: route{} builds the world and can only be called while the scenario loads
-- (`check` finds it too: it calls every hook once)
-- expect-also: (scenario hook on 2022-01-01)
local toy = require "toyworld"
toy.build()
on_day(function()
  route { from = "Hub", to = "Gate", km = 5 }
end)
