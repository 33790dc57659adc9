-- expect: 5: unknown key 'flavour' in country{}
-- reject: did you mean
local toy = require "toyworld"
toy.build()
country { code = "DD", flavour = "vanilla" }
