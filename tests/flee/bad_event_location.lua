-- event() in a Flee-rule run: a location that the model lacks is an error, with a hint.
-- expect: 6: event{} location: no location 'C3'
-- (`check` finds it too: it calls every hook once)
local flee = require "migsim.flee"
flee.load("toy")
at("2020-01-03", function() event("flood", { type = "flood", location = "C3" }) end)
