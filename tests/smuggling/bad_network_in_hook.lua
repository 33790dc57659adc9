-- expect: 5: unknown country 'ZZ'
-- phase: run
local sw = require "smugworld"
sw.build()
at("2022-03-01", function() network { join = { "CC", "ZZ" } } end)
