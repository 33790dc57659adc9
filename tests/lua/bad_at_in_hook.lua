-- expect: 7: at() schedules events while the scenario loads; inside a hook, act directly
-- (`check` finds it too: it calls every hook once)
-- expect-also: (scenario hook on 2022-01-01)
local toy = require "toyworld"
toy.build()
on_day(function()
  at("2022-03-01", function() end)
end)
