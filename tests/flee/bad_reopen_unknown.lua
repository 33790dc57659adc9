-- An unknown location in flee.reopen from a hook.
-- expect: 6: no location 'C9'
-- phase: run
local flee = require "migsim.flee"
flee.load("toy")
at("2020-01-03", function() flee.reopen{ kind = "camp", a = "C9" } end)
