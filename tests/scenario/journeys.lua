-- journeys: a world whose journey lengths and detections are known, for the journey
-- distributions of the output (scenario test journeys).
--   XXF: the channel leads straight to the destination in 16 days: every journey takes
--        16 days (bin 14-20) and meets no border (0 detections).
--   XXG: one hop to a border area, then a border detecting half the attempts and pushing
--        every detected person back, nobody giving up: detections before arrival follow a
--        geometric law, P(k) = 0.5^(k+1).
scenario { name = "journeys", start = "2022-01-01", stop = "2022-06-30" }

country { code = "AA", name = "Aland" }
country { code = "BB", name = "Bland" }
country { code = "DD", name = "Dland", eu = true, schengen = true }

location { id = "A_home", country = "AA", kind = "origin" }
location { id = "B_edge", country = "BB", kind = "border_area", move_prob = 1 }
location { id = "D_city", country = "DD", kind = "destination" }

route { from = "B_edge", to = "D_city", mode = "foot", km = 10, days = 1 }
border { from = "BB", to = "DD", detection_prob = 0.5, pushback_share = 1, registration_share = 0 }

nationality {
  code = "XXF", name = "Fast", origin = "A_home", demand = 20,
  destinations = { D_city = 1 },
  channels = { { name = "direct", to = "D_city", mode = "air", days = 16 } },
}
nationality {
  code = "XXG", name = "Gate", origin = "A_home", demand = 40,
  destinations = { D_city = 1 },
  channels = { { name = "overland", to = "B_edge", mode = "road", days = 2 } },
}
set("give_up_prob", 0)
