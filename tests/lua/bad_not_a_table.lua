-- expect: 4: route{} must be a table, got string
local toy = require "toyworld"
toy.build()
route "Hub"
