-- route{}: both = true adds the way back; days given or derived from km and mode speed;
-- a route into another country crosses (and creates) a border segment. People take the new
-- shortcut Hub -> Lake -> Dest (180 km against 520), so it carries entries.
-- check: "Hub>Lake:river" in D["route_entries"] and "Lake>Hub:river" in D["route_entries"]
-- check: [(r["km"], r["days"], r["border"]) for r in d["meta"]["world"]["routes"] if r["key"] == "Hub>Lake:river"] == [(80, 4, "BB-CC")]
-- check: [(r["from"], r["to"], r["mode"], r["border"]) for r in d["meta"]["world"]["routes"] if r["key"] == "Lake>Hub:river"] == [("Lake", "Hub", "river", "CC-BB")]
-- check: [r["days"] for r in d["meta"]["world"]["routes"] if r["key"] == "Lake>Dest:foot"] == [math.ceil(100 / P["speed.foot"])] != [1]
-- check: [r["border"] for r in d["meta"]["world"]["routes"] if r["key"] == "Gate>Dest:road"] == [None]
-- check: sum(D["route_entries"]["Hub>Lake:river"]) > 0 and sum(D["route_entries"]["Lake>Dest:foot"]) > 0
-- check: check_out.rstrip().endswith("8 locations, 8 routes, 2 borders, 1 nationalities)")
local toy = require "toyworld"
toy.build()
location { id = "Lake", country = "CC", kind = "city" }
route { from = "Hub", to = "Lake", mode = "river", km = 80, days = 4, both = true }
route { from = "Lake", to = "Dest", mode = "foot", km = 100 }
