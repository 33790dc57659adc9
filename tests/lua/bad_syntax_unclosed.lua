-- expect: 6: 'end' expected (to close 'function' at line 4) near <eof>
local toy = require "toyworld"
toy.build()
at("2022-01-10", function()
  event("x")
