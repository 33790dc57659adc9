-- flee.load after migsim's own builders is refused too.
-- expect: 5: flee.load: the scenario has built migsim's own world
local flee = require "migsim.flee"
country{ code = "AA", name = "A" }
flee.load("toy")
