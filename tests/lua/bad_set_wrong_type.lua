-- expect: 4: bad argument #2 to 'set' (number expected, got string)
local toy = require "toyworld"
toy.build()
set("give_up_prob", "often")
