-- expect: 4: visa_change{} date: 'next week' is not a date (YYYY-MM-DD)
local toy = require "toyworld"
toy.build()
visa_change { country = "BB", nationality = "XXA", free = false, date = "next week" }
