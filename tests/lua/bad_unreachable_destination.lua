-- expect: 5: nationality XXB: no route reaches destination 'Island' from any entry channel
local toy = require "toyworld"
toy.build()
location { id = "Island", country = "CC", kind = "destination" }
nationality { code = "XXB", origin = "Origin", demand = 1, destinations = { Island = 1 },
              channels = { { name = "walk", to = "Hub" } } }
