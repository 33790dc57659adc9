-- expect: 7: visa_change{} schedules while the scenario loads; inside a hook use visa{}
-- (`check` finds it too: it calls every hook once)
-- expect-also: (scenario hook on 2022-0
local toy = require "toyworld"
toy.build()
when(function(ind) return ind.date == "2022-02-02" end, function()
  visa_change { country = "BB", nationality = "XXA", free = false, date = "2022-03-01" }
end)
