-- awareness_level 0 is broken in Flee itself (agents never move): refused with the reason.
-- expect: 5: awareness_level = 0 is broken in Flee itself
local flee = require "migsim.flee"
flee.load("toy")
flee.set("awareness_level", 0)
