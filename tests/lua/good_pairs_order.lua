-- pairs() and next() go in key order, so a world built in pairs() order is the same in every
-- process (Lua seeds its string hashes per process); the asserts check the order itself.
-- check: d == run("good_pairs_order.lua") and d == run("good_pairs_order.lua")
-- check: [n["code"] for n in d["meta"]["world"]["nationalities"]] == ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"]
country { code = "AA" } country { code = "BB", eu = true }
location { id = "o", country = "AA", kind = "origin" }
location { id = "d", country = "BB", kind = "destination" }
location { id = "e", country = "AA", kind = "city" }
route { from = "e", to = "d", km = 100 }
scenario { stop = "2022-02-01" }
local groups = { AAA = 50, BBB = 40, CCC = 30, DDD = 20, EEE = 10, FFF = 5 }
for code, dem in pairs(groups) do
  nationality { code = code, origin = "o", demand = dem, destinations = { d = 1 }, channels = { { name = "c", to = "e", days = 1 } } }
end
local order = {}
for k in pairs(parameters()) do order[#order + 1] = k end
assert(order[1] == "agent_weight", order[1])
local t = { 3, 1, x = 1, [2.5] = 1, [true] = 1 }
local seen = {}
for k in pairs(t) do seen[#seen + 1] = tostring(k) end
assert(table.concat(seen, ",") == "1,2,2.5,x,true", table.concat(seen, ","))
assert(next({}) == nil)
local k1 = next({ b = 1, a = 2 }); assert(k1 == "a")
