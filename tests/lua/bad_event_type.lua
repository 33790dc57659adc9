-- expect: 5: event{}: type 'Fence' must be a lower-case word
-- (`check` finds it too: it calls every hook once)
local toy = require "toyworld"
toy.build()
at("2022-02-01", function() event("a fence", { type = "Fence" }) end)
