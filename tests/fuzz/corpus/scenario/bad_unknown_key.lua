-- expect: 4: unknown key 'detecton_prob' in border{} (did you mean 'detection_prob'?)
local toy = require "toyworld"
toy.build()
border { from = "BB", to = "CC", detecton_prob = 0.3 }
