-- expect: 7: setmetatable: __gc (finalizers) is not available to scenarios
-- Lua runs finalizers with hooks off, so this loop escaped --lua-instructions and
-- SIGINT and ran forever when the state closed (issue 12, finding 2).
-- args: --lua-instructions 1e6
local toy = require "toyworld"
toy.build()
setmetatable({}, {__gc = function() while true do end end})
