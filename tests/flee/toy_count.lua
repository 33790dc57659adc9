-- toy_count.lua: the toy with an attractiveness function that logs every call
-- ("attr DATE NAME TYPE SCORE" on stderr) and keeps Flee's score (returns nil).
local flee = require "migsim.flee"
scenario{ name = "flee_toy_count" }
flee.load("toy")
flee.attractiveness(function(loc)
  print("attr", loc.date, loc.name, loc.type, loc.score)
end)
