-- smuggling_group{}: groups in the world description, their parameters, and the market's
-- identities (every crossing sold by some group; revenue summed by group and by segment).
-- A group's skill cuts detection: 0.5 x (1 - 0.6) = 0.2 for smuggled crossings, 0.5 alone.
-- check: [g["id"] for g in d["meta"]["world"]["groups"]] == ["north", "west", "both"]
-- check: d["meta"]["world"]["groups"][2] == {"id": "both", "base": "BB", "borders": ["BB-CC", "BB-DD"]}
-- check: P["group.north.capacity"] == 30 and P["group.both.skill"] == 0.6 and P["group.west.members"] == 10 and P["border.BB-DD.smuggling_price"] == 800
-- check: 0 < T["smuggled_attempts"] < T["attempts"] and T["smuggled_detections"] < T["detections"]
-- check: T["smuggled_attempts"] == sum(T["group_clients." + g] for g in ("north", "west", "both"))
-- check: T["smuggling_revenue"] == sum(T["group_revenue." + g] for g in ("north", "west", "both"))
-- check: T["smuggled_attempts"] == T["smuggled_attempts.BB-CC"] + T["smuggled_attempts.BB-DD"]
-- check: abs(T["smuggled_share"] - T["smuggled_attempts"] / T["attempts"]) < 1e-6
-- check: T["smuggled_attempts"] + T["self_organised_attempts"] == T["attempts"]
-- check: abs(T["smuggled_detections"] / T["smuggled_attempts"] - 0.2) < 0.02
-- check: abs((T["detections"] - T["smuggled_detections"]) / (T["attempts"] - T["smuggled_attempts"]) - 0.5) < 0.02
-- check: T["smuggling_mean_price.BB-CC"] >= 500 and T["smuggling_mean_price.BB-DD"] >= 800
-- check: sum(col("smuggled_attempts")) == T["smuggled_attempts"] and sum(col("smuggling_revenue")) == T["smuggling_revenue"]
-- check: max(D["smuggling"]["groups_active"]) == 3
local sw = require "smugworld"
sw.build()
