-- check tries a when() action where its condition holds, or else on the last day's trial
-- table (every count large), never on the first day's zeros behind a false condition: an
-- action guarded by "more than 20 attempts" that divides by attempts passes check (the first
-- version of check tried it on zero counts and refused the scenario with "got -nan", though run was fine).
-- check: "good_check_guarded_action.lua: ok (" in check_out
-- check: events("ratio") != []
local toy = require "toyworld"
toy.build()
when(function(ind) return ind.last.attempts > 20 end, function(ind)
  set("border.BB-CC.detection_prob", ind.last.detections / ind.last.attempts)
  event("ratio")
end)
