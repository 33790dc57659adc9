-- expect: 8: country{} builds the world and can only be called while the scenario loads, not from at/when/on_day
-- (`check` finds it too: it calls every hook once)
-- expect-also: (scenario hook on 2022-02-01)
-- expect-also: stack traceback:
local toy = require "toyworld"
toy.build()
at("2022-02-01", function()
  country { code = "DD" }
end)
