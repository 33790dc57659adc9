-- expect: 5: unknown country 'ZZ'
-- (`check` finds it too: it calls every hook once)
local sw = require "smugworld"
sw.build()
at("2022-03-01", function() network { join = { "CC", "ZZ" } } end)
