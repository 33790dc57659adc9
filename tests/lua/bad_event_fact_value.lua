-- expect: 5: event{}: 'new' must be a number, true/false or a text, got table
-- (`check` finds it too: it calls every hook once)
local toy = require "toyworld"
toy.build()
at("2022-02-01", function() event("a fence", { new = {} }) end)
