-- An unknown location in flee.close, with the closest name.
-- expect: 5: no location 'C3' (did you mean 'C1'?)
local flee = require "migsim.flee"
flee.load("toy")
flee.close{ kind = "camp", a = "C3", start = "2020-01-05" }
