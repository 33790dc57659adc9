-- expect: 7: undefined global 'evnt'
-- (`check` finds it too: it calls every hook once)
-- expect-also: (scenario hook on 2022-01-20)
local toy = require "toyworld"
toy.build()
at("2022-01-20", function()
  evnt("typo")
end)
