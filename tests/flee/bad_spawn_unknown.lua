-- An unknown location in flee.spawn from a hook: the run stops at the call.
-- expect: 6: no location 'Q'
-- (`check` finds it too: it calls every hook once)
local flee = require "migsim.flee"
flee.load("toy")
at("2020-01-03", function() flee.spawn{ at = "Q", persons = 1 } end)
