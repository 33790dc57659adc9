-- expect: 7: parameter 'give_up_prob' must be in [0, 1], got 2
-- (`check` finds it too: it calls every hook once)
-- expect-also: (scenario hook on 2022-01-10)
local toy = require "toyworld"
toy.build()
at("2022-01-10", function()
  set("give_up_prob", 2)
end)
