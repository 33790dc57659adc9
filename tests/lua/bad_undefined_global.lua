-- expect: 5: undefined global 'detection_probability'
local toy = require "toyworld"
toy.build()
local p = 0.3
if detection_probability then p = 0.5 end
