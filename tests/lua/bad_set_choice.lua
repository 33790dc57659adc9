-- expect: 7: parameter 'choice.stay' must be in [-20, 20], got 25
-- The channel choice's parameters are range-checked like every other (docs/parameters.md).
local toy = require "toyworld"
toy.build()
set("choice.cost", 2)
set("choice.days", 0)
set("choice.stay", 25)
