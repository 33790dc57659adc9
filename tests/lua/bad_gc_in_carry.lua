-- expect: 8: setmetatable: __gc (finalizers) is not available to scenarios
-- (`check` finds it too: it calls every hook once)
-- A finalizer hidden in the carry table (saved with checkpoints): refused where made.
-- args: --lua-instructions 1e6
local toy = require "toyworld"
toy.build()
on_day(function(d)
  carry.x = setmetatable({}, {__gc = function() while true do end end})
end)
