-- expect: 5: unknown key 'nationalty' in event{} (did you mean 'nationality'?)
-- (`check` finds it too: it calls every hook once)
local toy = require "toyworld"
toy.build()
at("2022-02-01", function() event("a fence", { nationalty = "XXA" }) end)
