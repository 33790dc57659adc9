-- expect: 4: 2021-12-01 is outside the run (2022-01-01 to 2022-03-31)
local toy = require "toyworld"
toy.build()
visa_change { country = "BB", nationality = "XXA", free = false, date = "2021-12-01" }
