-- Zero case: a world without smuggling groups has no smuggled crossings, no market, no
-- dismantling and no exploitation; everyone crosses alone.
-- check: T["smuggled_attempts"] == 0 and T["smuggled_detections"] == 0 and T["smuggling_revenue"] == 0
-- check: T["self_organised_attempts"] == T["attempts"] > 0 and T["smuggled_share"] == 0
-- check: T["groups_dismantled"] == 0 and T["groups_active_end"] == 0 and T["arrests_dismantling"] == 0 and T["arrests_in_act"] == 0
-- check: T["exploitation_victims"] == 0 and T["intel_shared"] == 0 and T["smuggling_mean_price"] == 0
-- check: col("smuggled_attempts") == [0] * len(dates) and D["smuggling_price"]["BB-CC"] == [0] * len(dates)
-- check: d["meta"]["world"]["groups"] == [] and D["group_clients"] == {}
local sw = require "smugworld"
sw.build { groups = false }
network { members = { "BB", "CC", "DD" } }
