-- A daily hook that catches every error, the signal's "interrupted" included: SIGINT
-- could not stop it (issue 12, finding 4). Driven by the lua_interrupt_pcall test.
local toy = require "toyworld"
toy.build()
on_day(function(d)
  while true do pcall(function() while true do end end) end
end)
