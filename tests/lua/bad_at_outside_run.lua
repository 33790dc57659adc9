-- expect: 4: 2023-02-01 is outside the run (2022-01-01 to 2022-03-31)
local toy = require "toyworld"
toy.build()
at("2023-02-01", function() end)
