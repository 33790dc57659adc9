-- expect: 4: unknown key 'wieght' in channel 2 of XXB (did you mean 'weight'?)
local toy = require "toyworld"
toy.build()
nationality {
  code = "XXB", origin = "Origin", demand = 1, destinations = { Dest = 1 },
  channels = {
    { name = "walk", to = "Hub" },
    { name = "bus", to = "Hub", wieght = 2 },
  },
}
