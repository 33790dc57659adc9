-- expect: 4: scenario{} start: '2022/01/01' is not a date (YYYY-MM-DD)
local toy = require "toyworld"
toy.build()
scenario { start = "2022/01/01" }
