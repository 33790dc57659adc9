-- expect: 4: visa_change{}: announced (2022-02-10) is after the date it takes effect (2022-02-01)
local toy = require "toyworld"
toy.build()
visa_change { country = "BB", nationality = "XXA", free = false,
              date = "2022-02-01", announced = "2022-02-10" }
