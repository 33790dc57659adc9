-- country{}: every key reaches meta.world.countries and meta.parameters; asylum_prob = 0
-- means arrivals but no applications, abscond_prob = 0 keeps registered persons in reception.
-- check: {"code": "DD", "name": "Dland", "eu": True, "schengen": False} == {k: v for k, v in d["meta"]["world"]["countries"][3].items() if k in ("code", "name", "eu", "schengen")}
-- check: [c["schengen"] for c in d["meta"]["world"]["countries"]] == [False, False, True, False]
-- check: P["country.DD.abscond_prob"] == 0.05 and P["country.DD.asylum_prob"] == 0.25
-- check: P["country.CC.asylum_prob"] == 0 and P["country.CC.abscond_prob"] == 0
-- check: P["country.AA.asylum_prob"] == 0 and P["country.BB.abscond_prob"] == 0.2
-- check: T["arrivals.CC"] > 0 and T["asylum_applications.CC"] == 0 and T["asylum_applications"] == 0
-- check: T["registrations"] > 0 and D["in_reception"]["Camp"][-1] == sum(col("registrations"))
local toy = require "toyworld"
toy.build { CC = { asylum_prob = 0, abscond_prob = 0 } }
country { code = "DD", name = "Dland", eu = true, schengen = false, abscond_prob = 0.05, asylum_prob = 0.25 }
