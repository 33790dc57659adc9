-- expect: 4: country{}: 'code' is required
local toy = require "toyworld"
toy.build()
country { name = "Dland" }
