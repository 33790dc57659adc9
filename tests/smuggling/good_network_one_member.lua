-- Zero case: a network of one member has no one to share with: nothing is shared and
-- every total is the same as without a network.
-- check: T["intel_shared"] == 0 and P["country.CC.network"] == 1 and P["country.DD.network"] == 0
-- check: T == run("plain.lua")["totals"]
local sw = require "smugworld"
sw.build()
network { members = { "CC" } }
