-- expect: 4: location 'Lake': unknown kind 'village' (one of: origin, airport, city, border_area, reception, destination)
local toy = require "toyworld"
toy.build()
location { id = "Lake", country = "CC", kind = "village" }
