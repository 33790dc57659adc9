-- An unknown location in flee.reopen from a hook.
-- expect: 6: no location 'C9'
-- (`check` finds it too: it calls every hook once)
local flee = require "migsim.flee"
flee.load("toy")
at("2020-01-03", function() flee.reopen{ kind = "camp", a = "C9" } end)
