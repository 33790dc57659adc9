-- expect: 10: the scenario used more than its budget of 1000000 Lua instructions in one call
-- (`check` finds it too: it calls every hook once)
-- The same through xpcall with a message handler, inside a daily hook.
-- args: --lua-instructions 1e6
-- expect-also: (scenario hook on 2022-01-01)
local toy = require "toyworld"
toy.build()
on_day(function(d)
  while true do
    xpcall(function() while true do end end, function(m) return m end)
  end
end)
