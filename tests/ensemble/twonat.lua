-- ens_twonat: ensworld with a second nationality, XXB (smaller demand), so that the Frontex
-- route total differs from each nationality's series (export of quantiles).
local w = require "ensworld"
w.build("ens_twonat")
nationality {
  code = "XXB", origin = "Home", demand = 12, rush = 2, displacement = 0.3, destinations = { Dest = 1 },
  channels = {
    { name = "overland", to = "Hub", mode = "road", days = 4, weight = 1, cost = 300 },
  },
}
