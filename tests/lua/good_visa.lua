-- visa{}: while loading it sets the regime (no event); in a hook it changes it now, logs an
-- event, and the air channel (which needs visa-free entry to BB) carries nobody from that day;
-- some who preferred it take the overland channel instead (displaced), the rest stay home.
-- check: E == [("2022-02-01", "visas"), ("2022-02-01", "visa regime: BB requires a visa for XXA")]
-- check: all(v == 0 for v in D["departures"]["XXA"]["air"][day("2022-02-01"):])
-- check: sum(D["departures"]["XXA"]["air"][:day("2022-02-01")]) > 0
-- check: sum(D["switched_channel"]["XXA"]["overland"][:day("2022-02-01")]) == 0 and sum(D["switched_channel"]["XXA"]["overland"][day("2022-02-01"):]) > 0
-- check: sum(D["deterred"]["XXA"]["air"][day("2022-02-01"):]) > sum(D["switched_channel"]["XXA"]["overland"][day("2022-02-01"):])
-- check: [c.get("visa_free_at_start") for c in d["meta"]["world"]["countries"] if c["code"] == "BB"][0] in (None, ["XXA"])
local toy = require "toyworld"
toy.build()
visa { country = "BB", nationality = "XXA", free = false }
visa { country = "BB", nationality = { "XXA" }, free = true }
at("2022-02-01", "visas", function()
  visa { country = "BB", nationality = { "XXA" }, free = false }
end)
