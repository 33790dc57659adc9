-- poisson: departures with a known law. One group, one channel, constant demand 40 a day,
-- agent weight 1, 2022-01-01 .. 2022-01-25 (25 days): total departures ~ Poisson(40 * 25 = 1000),
-- so E[departures] = 1000 exactly. Used by the interval coverage test.
scenario { name = "ens_poisson", start = "2022-01-01", stop = "2022-01-25" }
country { code = "AA" }
country { code = "CC", eu = true }
location { id = "Home", country = "AA", kind = "origin" }
location { id = "Hub", country = "AA", kind = "city" }
location { id = "Dest", country = "CC", kind = "destination" }
route { from = "Hub", to = "Dest", km = 100 }
nationality {
  code = "XXP", origin = "Home", demand = 40, destinations = { Dest = 1 },
  channels = { { name = "road", to = "Hub", mode = "road", days = 1 } },
}
