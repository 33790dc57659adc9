-- A misspelt Flee setting is refused with the closest name.
-- expect: 5: unknown Flee setting 'camp_movechanse' (did you mean 'camp_movechance'?)
local flee = require "migsim.flee"
flee.load("toy")
flee.set("camp_movechanse", 0.1)
