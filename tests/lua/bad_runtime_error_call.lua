-- expect: 8: budget exceeded on 2022-03-15
-- (`check` finds it too: it calls every hook once)
-- expect-also: (scenario hook on 2022-03-15)
-- expect-also: stack traceback:
local toy = require "toyworld"
toy.build()
at("2022-03-15", function()
  error("budget exceeded on " .. today())
end)
