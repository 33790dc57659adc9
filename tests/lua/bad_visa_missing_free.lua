-- expect: 4: visa{}: 'free' is required (true or false)
local toy = require "toyworld"
toy.build()
visa { country = "BB", nationality = "XXA" }
