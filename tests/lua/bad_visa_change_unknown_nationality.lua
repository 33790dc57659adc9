-- expect: 4: unknown nationality 'XYZ'
local toy = require "toyworld"
toy.build()
visa_change { country = "BB", nationality = { "XXA", "XYZ" }, free = false, date = "2022-02-01" }
