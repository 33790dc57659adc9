-- toy_world: a small world for calibration tests and the recovery study
-- (docs/calibration.md). About 30 departures a day over 2022, so one run takes a
-- few milliseconds: Home (AA) -> Hub -> Edge ==BB-CC border==> Gate (CC) -> Dest.
-- Its "observed" data are made by the model itself (tools/calibration_recovery.py).
scenario { name = "toy_world", start = "2022-01-01", stop = "2022-12-31" }
country { code = "AA", name = "Aland" }
country { code = "BB", name = "Bland" }
country { code = "CC", name = "Cland", eu = true, schengen = true, abscond_prob = 0.2, asylum_prob = 0.5 }
location { id = "Home", country = "AA", kind = "origin" }
location { id = "Hub", country = "BB", kind = "city" }
location { id = "Edge", country = "BB", kind = "border_area" }
location { id = "Gate", country = "CC", kind = "border_area" }
location { id = "Camp", country = "CC", kind = "reception" }
location { id = "Dest", country = "CC", kind = "destination" }
route { from = "Hub", to = "Edge", km = 150 }
route { from = "Edge", to = "Gate", mode = "foot", km = 20, days = 1 }
route { from = "Camp", to = "Gate", km = 10 }
route { from = "Gate", to = "Dest", km = 200 }
border { from = "BB", to = "CC", detection_prob = 0.3, pushback_share = 0.6, registration_share = 0.3,
         reception = "Camp", frontex = true }
nationality {
  code = "XXA", origin = "Home", demand = 30, destinations = { Dest = 1 },
  channels = { { name = "overland", to = "Hub", mode = "road", days = 4, weight = 1, cost = 300 } },
}
