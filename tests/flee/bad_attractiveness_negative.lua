-- An attractiveness function must return a number >= 0 (or nil). The error names
-- the scenario's file and the line where the function is defined.
-- expect: 7: the attractiveness function returned a negative
-- (`check` finds it too: it calls every hook once)
local flee = require "migsim.flee"
flee.load("toy")
flee.attractiveness(function(loc)
  if loc.name == "C2" then return -1 end
end)
