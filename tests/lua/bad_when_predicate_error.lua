-- expect: 6: ind.last has no field 'nothing' (see docs/scenario-api.md, The indicator table)
-- (`check` finds it too: it calls every hook once)
-- expect-also: (scenario hook on 2022-01-01)
local toy = require "toyworld"
toy.build()
when(function(ind) return ind.last.nothing > 3 end,
     function() end)
