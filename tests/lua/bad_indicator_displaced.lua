-- expect: 5: ind.total has no field 'displaced': it is called switched_channel now
local toy = require "toyworld"
toy.build()
when(function(ind)
  return ind.total.displaced > 10 end, function() end)
