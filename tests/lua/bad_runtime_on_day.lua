-- expect: 12: attempt to index a nil value (local 'row')
-- phase: run
-- expect-also: stack traceback:
-- expect-also: (scenario hook on 2022-02-03)
-- expect-also: in function <
local toy = require "toyworld"
toy.build()
local rows = {}
on_day(function(ind)
  if ind.date == "2022-02-03" then
    local row = rows[ind.day]
    event(row.label)
  end
end)
