-- A move chance is a probability.
-- expect: 5: camp_movechance = 1.7 is out of range [0, 1]
local flee = require "migsim.flee"
flee.load("toy")
flee.set("camp_movechance", 1.7)
