-- minimal.lua: a complete migsim scenario built from scratch (docs/scenario-api.md).
--
--   migsim run docs/examples/minimal.lua
--   migsim run docs/examples/minimal.lua -o minimal.json --seed 2
--
-- One origin country, one transit country (XT) with an airport and two staging
-- towns, and one EU country (XE). Nationals of XA fly to XT visa-free or go
-- overland; XT reintroduces visas on 2023-04-01, announced on 2023-03-15.
-- All names and numbers are invented for illustration.

scenario { name = "minimal", start = "2023-01-01", stop = "2023-06-30" }

country { code = "XA", name = "Origin land" }
country { code = "XT", name = "Transit land", abscond_prob = 0.1 }
country { code = "XE", name = "Union land", eu = true, schengen = true, abscond_prob = 0.2 }

location { id = "home", country = "XA", kind = "origin" }
location { id = "airport", country = "XT", kind = "airport" }
location { id = "hub", country = "XT", kind = "city" }
location { id = "north_gate", country = "XT", kind = "border_area" }
location { id = "south_gate", country = "XT", kind = "border_area" }
location { id = "camp", country = "XE", kind = "reception", capacity = 500 }
location { id = "capital", country = "XE", kind = "destination" }

route { from = "airport", to = "hub", mode = "road", km = 20 }
route { from = "hub", to = "north_gate", mode = "road", km = 150 }
route { from = "hub", to = "south_gate", mode = "road", km = 200 }
route { from = "north_gate", to = "capital", mode = "foot", km = 60, days = 3 }
route { from = "south_gate", to = "capital", mode = "foot", km = 40, days = 2 }
route { from = "camp", to = "capital", mode = "road", km = 30 }

-- Both gate routes cross XT -> XE, so they share this border segment.
border { from = "XT", to = "XE", detection_prob = 0.3, pushback_share = 0.7,
         registration_share = 0.3, reception = "camp", frontex = true }

nationality {
  code = "XAA", name = "Xa nationals", origin = "home",
  demand = { start = "2023-01", per_day = { 20, 25, 30 } },  -- Jan, Feb, Mar; 30/day after March
  money = { mean = 2500, sd = 1000 },                         -- EUR, log-normal
  displacement = 0.3, rush = 1.5,
  destinations = { capital = 1 },
  channels = {
    { name = "air", to = "airport", mode = "air", days = 1, visa = "XT", weight = 0.7, cost = 600 },
    { name = "land", to = "hub", mode = "road", days = 7, weight = 0.3, cost = 300 },
  },
}

-- Visa regime at the start: XAA may enter XT without a visa.
visa { country = "XT", nationality = "XAA", free = true }

-- XT reintroduces visas; departures through "air" run at 1.5x between the
-- announcement and the day before the change.
visa_change { country = "XT", nationality = "XAA", free = false, date = "2023-04-01",
              announced = "2023-03-15", label = "XT requires visas for XAA" }

-- XE reinforces its border once 1,000 detections have been counted.
when(function(ind) return ind.total.frontex_detections >= 1000 end,
     function(ind) set("border.XT-XE.detection_prob", 0.5) end,
     "XE raises detection to 0.5")

-- A monthly line on stderr: yesterday's departures and the stock in transit.
on_day(function(ind)
  if ind.date:sub(9, 10) == "01" and ind.day > 0 then
    print(ind.date, "departures yesterday", ind.last.departures, "stock", ind.last.stock)
  end
end)
