-- toy: a small self-contained world for the scenario tests (golden output at --seed 7,
-- determinism, schema, conservation, zero cases, export). Two groups, two ways into the
-- EU, a visa change with an announcement, a trigger and a mid-run exit ban.
--
--   A_home (AA) --air, needs visa-free BB--> B_air -> B_city -> B_north =BB-CC=> C_gate -> C_city <-> D_city
--               --overland---------------> B_city -> B_west  =BB-DD=> D_city
--   E_home (EE) --overland---------------> B_city
--
-- Editing this file changes the golden output: run tests/scenario/regen_golden.sh.
scenario { name = "toy", start = "2022-01-01", stop = "2022-04-30" }

country { code = "AA", name = "Aland" }
country { code = "EE", name = "Eland" }
country { code = "BB", name = "Bland" }
country { code = "CC", name = "Cland", eu = true, schengen = true, abscond_prob = 0.1 }
country { code = "DD", name = "Dland", eu = true, schengen = true, asylum_prob = 0.6 }

location { id = "A_home", country = "AA", kind = "origin" }
location { id = "E_home", country = "EE", kind = "origin" }
location { id = "B_air", name = "Bland airport", country = "BB", kind = "airport", lat = 44.8, lon = 20.3 }
location { id = "B_city", country = "BB", kind = "city" }
location { id = "B_north", country = "BB", kind = "border_area" }
location { id = "B_west", country = "BB", kind = "border_area", move_prob = 0.2 }
location { id = "C_gate", country = "CC", kind = "border_area" }
location { id = "C_camp", country = "CC", kind = "reception", capacity = 200 }
location { id = "C_city", country = "CC", kind = "destination" }
location { id = "D_city", country = "DD", kind = "destination" }

route { from = "B_air", to = "B_city", km = 20 }
route { from = "B_city", to = "B_north", km = 150 }
route { from = "B_city", to = "B_west", km = 220 }
route { from = "B_north", to = "C_gate", mode = "foot", km = 15, days = 1 }
route { from = "B_west", to = "D_city", mode = "foot", km = 60, days = 3 }
route { from = "C_camp", to = "C_gate", km = 10 }
route { from = "C_gate", to = "C_city", km = 200 }
route { from = "C_city", to = "D_city", km = 300, both = true }  -- CC-DD and DD-CC: open, created automatically

border { from = "BB", to = "CC", detection_prob = 0.35, pushback_share = 0.6, registration_share = 0.3,
         reception = "C_camp", frontex = true }
border { from = "BB", to = "DD", detection_prob = 0.2, pushback_share = 0.9, registration_share = 0, frontex = true }

nationality {
  code = "XXA", name = "Ayes", origin = "A_home", demand = 12, rush = 2, displacement = 0.3,
  destinations = { C_city = 2, D_city = 1 },
  channels = {
    { name = "air", to = "B_air", mode = "air", days = 1, visa = "BB", weight = 0.8, cost = 600 },
    { name = "overland", to = "B_city", mode = "road", days = 6, weight = 0.2, cost = 300 },
  },
}
nationality {
  code = "XXE", name = "Ees", origin = "E_home", displacement = 0.2,
  demand = { start = "2022-01", per_day = { 4, 6, 8 } }, money = { mean = 2500, sd = 800 },
  destinations = { D_city = 1 },
  channels = { { name = "overland", to = "B_city", mode = "road", days = 4, cost = 400 } },
}

visa { country = "BB", nationality = "XXA", free = true }
visa_change { country = "BB", nationality = "XXA", free = false, date = "2022-03-01", announced = "2022-02-15",
              label = "BB requires visas of XXA" }
-- Reinforcement raises detection to at least 0.5 (it never lowers it, e.g. under --set).
when(function(ind) return ind.total.frontex_detections >= 300 end,
     function() set("border.BB-CC.detection_prob", math.max(get("border.BB-CC.detection_prob"), 0.5)) end,
     "BB-CC reinforced")
at("2022-04-10", "exit ban for XXE", function() close_channel("XXE", "overland") end)
