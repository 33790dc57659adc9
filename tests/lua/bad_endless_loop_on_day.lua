-- expect: 7: the scenario used more than its budget of 1000000 Lua instructions in one call
-- args: --lua-instructions 1e6
-- (`check` finds it too: it calls every hook once)
local toy = require "toyworld"
toy.build()
on_day(function(d)
  while true do end
end)
