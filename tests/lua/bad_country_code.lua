-- expect: 4: country code 'Dland' is not an ISO 3166 alpha-2 code (two capitals)
local toy = require "toyworld"
toy.build()
country { code = "Dland" }
