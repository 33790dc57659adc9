-- expect: 4: unknown country 'ZZ'
local toy = require "toyworld"
toy.build()
visa { country = "ZZ", nationality = "XXA", free = true }
