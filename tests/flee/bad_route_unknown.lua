-- An unknown location in flee.route.
-- expect: 5: no location 'Zed'
local flee = require "migsim.flee"
flee.load("toy")
flee.route{ from = "Zed", to = "C1", distance = 10 }
