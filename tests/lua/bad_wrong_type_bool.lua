-- expect: 4: country{}: 'eu' must be true or false, got string
local toy = require "toyworld"
toy.build()
country { code = "DD", eu = "yes" }
