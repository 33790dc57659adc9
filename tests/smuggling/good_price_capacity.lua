-- Prices respond to supply: when the groups serving BB-CC lose three quarters of their
-- places, its price doubles ((50 / 12.5)^0.5 = 2 at price_elasticity 0.5); BB-DD, which
-- loses "both" places 20 -> 5, rises by (50 / 35)^0.5.
-- check: D["smuggling_price"]["BB-CC"][day("2022-06-30")] == 500 and D["smuggling_price"]["BB-CC"][day("2022-07-01")] == 1000
-- check: D["smuggling_price"]["BB-DD"][day("2022-07-01")] == round(800 * math.sqrt(50 / 35))
-- check: M["smuggling_price"]["BB-CC"][month("2022-12")] == 1000
-- check: sum(col("smuggled_attempts")[day("2022-07-01"):]) < sum(col("smuggled_attempts")[:day("2022-07-01")])
local sw = require "smugworld"
sw.build()
set("smuggling.threshold", 1e12)
at("2022-07-01", function()
  set("group.north.capacity", 7.5)
  set("group.both.capacity", 5)
end)
