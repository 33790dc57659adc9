-- The toy world alone: people depart, cross BB-CC and arrive. Other fixtures compare with it.
-- check: check_out.strip().endswith("ok (2022-01-01 to 2022-03-31; 3 countries, 7 locations, 5 routes, 1 borders, 1 nationalities)")
-- check: T["departures"] > 0 and T["detections"] > 0 and T["arrivals"] > 0
-- check: E == []
-- check: d["meta"]["scenario"]["name"] == "toy" and len(dates) == 90
local toy = require "toyworld"
toy.build()
