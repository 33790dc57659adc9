-- expect: 9: setmetatable: __gc (finalizers) is not available to scenarios
-- (`check` finds it too: it calls every hook once)
-- A finalizer on an error object, made in a hook: refused where it is made.
-- args: --lua-instructions 1e6
local toy = require "toyworld"
toy.build()
at("2022-01-10", "finalizer", function()
  local gc = {__gc = function() while true do end end}
  error(setmetatable({}, gc))
end)
