-- math.random comes from the run's seed: the same seed gives the same draws, another seed
-- others, and the draws do not shift the agents' random streams (the series equal those
-- of good_toy_plain.lua, which draws nothing). Lua's argument forms work.
-- check: len(E) == 9 and E == [(e["date"], e["label"]) for e in run("good_random.lua")["meta"]["events"]]
-- check: E != [(e["date"], e["label"]) for e in run("good_random.lua", "--seed", "2")["meta"]["events"]]
-- check: d["daily"] == run("good_toy_plain.lua")["daily"]
-- check: len(set(l for _, l in E)) == 9
local toy = require "toyworld"
toy.build()
local u = math.random()
assert(u >= 0 and u < 1)
for _ = 1, 100 do
  local k = math.random(6)
  assert(k >= 1 and k <= 6 and math.type(k) == "integer")
  local j = math.random(-3, 3)
  assert(j >= -3 and j <= 3)
end
on_day(function(ind)
  for _ = 1, 50 do math.random() end
  if ind.day % 10 == 0 then event("draw " .. math.random(1, 1000000000)) end
end)
