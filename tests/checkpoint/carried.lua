-- carried: hooks with state that a checkpoint must carry across: a counter in the
-- `carry` table, math.random draws, a when() trigger, an at() event, a network change.
local sw = require "smugworld"
sw.build()
scenario { name = "carried" }
carry.days = 0
carry.log = { first = true }
on_day(function(ind)
  carry.days = carry.days + 1
  if carry.days % 50 == 0 then
    event(string.format("day %d, draw %.6f, log %s", carry.days, math.random(), tostring(carry.log.first)))
  end
end)
when(function(ind) return ind.total.detections > 5000 end,
     function() set("border.BB-CC.detection_prob", 0.6) end, "CC reinforces")
at("2022-06-01", function() network { members = { "BB", "CC", "DD" }, delay_days = 10 } end)
operation { country = "DD", from = "2022-09-01", days = 30, intel_per_day = 20 }
