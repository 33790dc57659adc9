-- An attractiveness function returning a string: the error names the scenario's
-- file and the line of the function.
-- expect: 7: the attractiveness function returned string
-- phase: run
local flee = require "migsim.flee"
flee.load("toy")
flee.attractiveness(function(loc)
  return "high"
end)
