-- migsim's own builders in a Flee scenario are refused: the Flee run would not use them.
-- expect: 5: country{} builds migsim's own world, but this scenario runs a Flee scenario
local flee = require "migsim.flee"
flee.load("toy")
country{ code = "AA", name = "A" }
