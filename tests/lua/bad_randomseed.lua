-- expect: 4: math.randomseed is not available: scenario randomness comes from the run's seed (--seed)
local toy = require "toyworld"
toy.build()
math.randomseed(42)
