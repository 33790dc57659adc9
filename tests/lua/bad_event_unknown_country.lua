-- expect: 5: unknown country 'ZZ'
-- (`check` finds it too: it calls every hook once)
local toy = require "toyworld"
toy.build()
at("2022-02-01", function() event("a fence", { type = "fence", country = "ZZ" }) end)
