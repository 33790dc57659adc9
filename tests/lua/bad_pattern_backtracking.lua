-- expect: -: the scenario's code spent more than 2 CPU seconds inside one library function without returning to Lua
-- A pattern that backtracks exponentially runs inside string.find, in C, where no
-- instruction is counted and no signal is seen (issue 12, finding 3). The watchdog
-- ends the process after --lua-instructions / 1e8 seconds (at least 2), exit 2.
-- args: --lua-instructions 1e6
local toy = require "toyworld"
toy.build()
local x = ("a"):rep(5000):find(("a*"):rep(30) .. "b")
