-- scenario{} may be called again: a later call changes only the keys it names. Without a
-- name anywhere the file's base name is used, and the defaults cover 2022.
-- check: d["meta"]["scenario"]["name"] == "good_scenario_default_name"
-- check: d["meta"]["start"] == "2022-03-01" and d["meta"]["end"] == "2022-12-31"
-- check: d["meta"]["scenario"]["file"].endswith("good_scenario_default_name.lua")
-- check: len(d["meta"]["scenario"]["sha256"]) == 64
for _, c in ipairs { "AA", "CC" } do country { code = c } end
location { id = "O", country = "AA", kind = "origin" }
location { id = "D", country = "CC", kind = "destination" }
route { from = "O", to = "D", km = 100 }
nationality { code = "XXA", origin = "O", demand = 1, destinations = { D = 1 },
              channels = { { name = "walk", to = "O", mode = "foot" } } }
scenario { start = "2021-06-01" }
scenario { start = "2022-03-01" }
