-- flee.spawn places persons during the run: at load it is refused.
-- expect: 5: flee.spawn acts on a running simulation
local flee = require "migsim.flee"
flee.load("toy")
flee.spawn{ at = "Z", persons = 10 }
