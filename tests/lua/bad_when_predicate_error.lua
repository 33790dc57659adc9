-- expect: 6: attempt to compare number with nil
-- phase: run
-- expect-also: (scenario hook on 2022-01-01)
local toy = require "toyworld"
toy.build()
when(function(ind) return ind.last.nothing > 3 end,
     function() end)
