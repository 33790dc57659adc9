-- expect: 7: undefined global 'evnt'
-- phase: run
-- expect-also: (scenario hook on 2022-01-20)
local toy = require "toyworld"
toy.build()
at("2022-01-20", function()
  evnt("typo")
end)
