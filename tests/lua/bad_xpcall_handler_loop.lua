-- expect: 9: the scenario used more than its budget of 1000000 Lua instructions in one call
-- The budget's error reaches xpcall's message handler while Lua still has hooks off:
-- a handler that loops ran uncounted, and unstoppable without the watchdog (found in
-- review). The handler is skipped for the budget's error, which goes on unchanged.
-- args: --lua-instructions 1e6
-- expect-also: in function 'xpcall'
local toy = require "toyworld"
toy.build()
xpcall(function() while true do end end, function(m) while true do end end)
