-- toy_spawn.lua: the toy plus 123 persons placed at Z by flee.spawn on 2020-01-04 (day 3).
local flee = require "migsim.flee"
scenario{ name = "flee_toy_spawn" }
flee.load("toy")
at("2020-01-04", function() flee.spawn{ at = "Z", persons = 123 } end)
