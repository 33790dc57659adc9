-- flee_border.lua: the Burundi 2015 scenario under Flee's rules (as in
-- scenarios/flee_burundi.lua) with three made-up interventions that show the hooks of
-- migsim.flee (docs/flee.md, "Lua hooks"). From the repository root:
--   build/migsim run docs/examples/flee_border.lua -o border.json
local flee = require "migsim.flee"

scenario { name = "flee_border" }
flee.load("../../data/flee/burundi", { compat = "strict" })  -- relative to this file's folder

-- 1. Tanzania closes its border with Burundi for three months: every link between a
--    Burundian and a Tanzanian location, both ways (Flee's "country" closure).
flee.closure_between({ kind = "country", a = "Burundi", b = "Tanzania" },
                     "2015-08-01", "2015-11-01", "Tanzania closes its border with Burundi")

-- 2. Reports of insecurity halve Lusenda's attractiveness from 2015-10-01. The function
--    runs once per location per day; returning nil keeps Flee's score.
flee.attractiveness(function(loc)
  if loc.name == "Lusenda" and loc.date >= "2015-10-01" then return loc.score * 0.5 end
end)

-- 3. Once Mahama (Rwanda) holds 40,000 persons, camps weigh double in route choice.
when(function(ind) return ind.camps.Mahama.simulated >= 40000 end,
     function() flee.set("camp_weight", 2) end,
     "Mahama holds 40,000: camp_weight 2")
