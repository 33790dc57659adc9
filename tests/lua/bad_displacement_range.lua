-- expect: 5: parameter 'nationality.XXA.displacement' must be in [-1, 1], got -2
-- Negative displacement means the choice model; below -1 is out of range.
local toy = require "toyworld"
toy.build()
set("nationality.XXA.displacement", -2)
