-- location{}: every key reaches meta.world.locations and meta.parameters; move_prob = 0 at
-- Gate means nobody moves on from there: no arrivals, everyone who crossed waits at Gate.
-- check: d["meta"]["world"]["locations"][-1]["id"] == "Lake"
-- check: {k: v for k, v in d["meta"]["world"]["locations"][-1].items() if k != "capacity"} == {"id": "Lake", "name": "Lake Town", "country": "CC", "kind": "city", "lat": 45.5, "lon": -12.25}
-- check: P["location.Lake.capacity"] == 500 and P["location.Lake.move_prob"] == 0.9
-- check: P["location.Hub.move_prob"] == -1 and P["location.Gate.move_prob"] == 0
-- check: [l["kind"] for l in d["meta"]["world"]["locations"]][:3] == ["origin", "airport", "city"]
-- check: T["arrivals"] == 0 and D["stock"]["Gate"][-1] > 0 and D["stock"]["Lake"] == [0] * len(dates)
-- check: sorted(D["stock"]) == sorted(["Origin", "Airport", "Hub", "Edge", "Gate", "Camp", "Dest", "Lake"])
local toy = require "toyworld"
toy.build { Gate = { move_prob = 0 }, Camp = { move_prob = 1 } }
location { id = "Lake", name = "Lake Town", country = "CC", kind = "city", lat = 45.5, lon = -12.25,
           capacity = 500, move_prob = 0.9 }
