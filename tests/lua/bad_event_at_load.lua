-- expect: 4: event() records what happens during the run; call it from at/when/on_day
local toy = require "toyworld"
toy.build()
event("loaded")
