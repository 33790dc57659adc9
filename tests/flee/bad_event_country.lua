-- event() in a Flee-rule run takes Flee's fields: a native one (country) is an error.
-- expect: 6: unknown key 'country' in event{} in a Flee-rule run
-- (`check` finds it too: it calls every hook once)
local flee = require "migsim.flee"
flee.load("toy")
at("2020-01-03", function() event("talks", { country = "Home" }) end)
