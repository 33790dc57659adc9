-- expect: 4: unknown nationality 'ZZZ'
local toy = require "toyworld"
toy.build()
open_channel("ZZZ", "air")
