-- expect: 4: scenario{}: 'name' is not valid UTF-8 text (byte 2)
local toy = require "toyworld"
toy.build()
scenario { name = "N\xFF" }
