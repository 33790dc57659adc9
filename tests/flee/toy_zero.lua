-- toy_zero.lua: the toy with camp C2 made unattractive (score 0): nobody ever goes there.
local flee = require "migsim.flee"
scenario{ name = "flee_toy_zero" }
flee.load("toy")
flee.attractiveness(function(loc)
  if loc.name == "C2" then return 0 end
end)
