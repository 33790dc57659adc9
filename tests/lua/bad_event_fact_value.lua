-- expect: 5: event{}: 'new' must be a number, true/false or a text, got table
-- phase: run
local toy = require "toyworld"
toy.build()
at("2022-02-01", function() event("a fence", { new = {} }) end)
