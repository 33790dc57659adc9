-- expect: 8: budget exceeded on 2022-03-15
-- phase: run
-- expect-also: (scenario hook on 2022-03-15)
-- expect-also: stack traceback:
local toy = require "toyworld"
toy.build()
at("2022-03-15", function()
  error("budget exceeded on " .. today())
end)
