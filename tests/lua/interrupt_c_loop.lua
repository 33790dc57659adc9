-- A daily hook stuck in a library function (a backtracking pattern), where the count
-- hook never runs: SIGINT must still end the run within seconds (the watchdog, 5 s
-- after the signal). Driven by the lua_interrupt_c_loop test.
local toy = require "toyworld"
toy.build()
on_day(function(d)
  local x = ("a"):rep(5000):find(("a*"):rep(30) .. "b")
end)
