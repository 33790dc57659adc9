-- A misspelt field of a Flee run's indicator table is an error naming it, with the nearest
-- field, in run and in check (issue 17, friction 3); it was nil and a raw Lua error.
-- expect: 7: ind has no field 'in_camp' (did you mean 'in_camps'?)
local flee = require "migsim.flee"
flee.load("toy")
on_day(function(ind)
  if ind.in_camp > 1000 then event("full") end
end)
