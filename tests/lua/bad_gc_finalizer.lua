-- expect: 8: setmetatable: __gc (finalizers) is not available to scenarios
-- A finalizer ran when the state closed, after the run it reached was freed:
-- parameters() then read freed memory (SIGSEGV, exit 139; issue 12, finding 1).
-- Finalizers are refused where they are made.
local toy = require "toyworld"
toy.build()
on_day(function(d) end)
G = setmetatable({}, {__gc = function() parameters() end})
