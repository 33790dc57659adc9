-- expect: -: the scenario's code spent more than 2 CPU seconds inside one library function without returning to Lua
-- table.remove shifts #t elements in C; a __len of maxinteger makes that 2^63 steps.
-- Caught by the watchdog like any other loop in a library function.
-- args: --lua-instructions 1e6
local toy = require "toyworld"
toy.build()
table.remove(setmetatable({}, {__len = function() return math.maxinteger end}), 1)
