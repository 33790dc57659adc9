-- expect: 4: nationality XXA has no channel 'bus'
local toy = require "toyworld"
toy.build()
close_channel("XXA", "bus")
