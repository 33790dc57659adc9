-- An attractiveness function returning a string: the error names the scenario's
-- file and the line of the function.
-- expect: 7: the attractiveness function returned string
-- (`check` finds it too: it calls every hook once)
local flee = require "migsim.flee"
flee.load("toy")
flee.attractiveness(function(loc)
  return "high"
end)
