-- nationality{}: every key. Demand starts in February (none in January), is 10 then 30 a day
-- times departure_multiplier 2; the closed "boat" channel (weight 1 of 3) is never taken and,
-- with displacement 0, everyone who prefers it stays home (deterred).
-- check: [n["code"] for n in d["meta"]["world"]["nationalities"]] == ["XXA", "XXB"]
-- check: d["meta"]["world"]["nationalities"][1] == {"code": "XXB", "name": "Bee", "origin": "Origin", "channels": [{"name": "walk", "to": "Hub", "mode": "foot", "visa": None}, {"name": "boat", "to": "Edge", "mode": "sea", "visa": "BB"}], "destinations": {"Dest": 3, "Gate": 1}}
-- check: (P["nationality.XXB.money_mean"], P["nationality.XXB.money_sd"], P["nationality.XXB.displacement"], P["nationality.XXB.rush"], P["nationality.XXB.departure_multiplier"]) == (2000, 10, 0, 3, 2)
-- check: (P["channel.XXB.walk.weight"], P["channel.XXB.walk.cost"], P["channel.XXB.walk.days"], P["channel.XXB.walk.open"], P["channel.XXB.boat.open"]) == (2, 100, 5, 1, 0)
-- check: M["departures"]["XXB"]["walk"][0] == 0 and 2 * 28 * 10 * 2 / 3 * 0.7 < M["departures"]["XXB"]["walk"][1] < 2 * 28 * 10 * 2 / 3 * 1.3
-- check: 2 * 31 * 30 * 2 / 3 * 0.8 < M["departures"]["XXB"]["walk"][2] < 2 * 31 * 30 * 2 / 3 * 1.2
-- check: sum(D["departures"]["XXB"]["boat"]) == 0 and T["deterred.XXB"] > 0 and sum(D["deterred"]["XXB"]["boat"]) == T["deterred.XXB"]
-- check: T["switched_channel.XXB"] == 0 and T["arrivals.XXB"] > 0
-- check: sum(D["stock"]["Gate"]) > 0
local toy = require "toyworld"
toy.build()
nationality {
  code = "XXB", name = "Bee", origin = "Origin",
  demand = { start = "2022-02", per_day = { 10, 30 } },
  money = { mean = 2000, sd = 10 }, displacement = 0, rush = 3, departure_multiplier = 2,
  destinations = { Dest = 3, Gate = 1 },
  channels = {
    { name = "walk", to = "Hub", mode = "foot", days = 5, weight = 2, cost = 100 },
    { name = "boat", to = "Edge", mode = "sea", days = 0, visa = "BB", open = false },
  },
}
visa { country = "BB", nationality = "XXB", free = true }
