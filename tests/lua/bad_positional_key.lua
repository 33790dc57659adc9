-- expect: 4: border{}: keys must be names, found a number key
local toy = require "toyworld"
toy.build()
border { "BB", "CC" }
