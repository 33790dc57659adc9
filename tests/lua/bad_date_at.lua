-- expect: 4: at(): '2022-02-30' is not a date (YYYY-MM-DD)
local toy = require "toyworld"
toy.build()
at("2022-02-30", function() end)
