-- expect: 5: unknown country 'ZZ'
-- phase: run
local toy = require "toyworld"
toy.build()
at("2022-02-01", function() event("a fence", { type = "fence", country = "ZZ" }) end)
