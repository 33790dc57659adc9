-- expect: 4: location{}: 'country' must be a string, got number
local toy = require "toyworld"
toy.build()
location { id = "Lake", country = 3 }
