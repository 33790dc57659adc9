-- Names and labels longer than their fields are cut between characters: the name has 62
-- bytes then an 'é' that a 64-byte field used to cut in half (issue 12, finding 6).
-- check: d["meta"]["scenario"]["name"] == "N" * 62
-- check: E[0][1] == "é" * 99 and E[1][1].startswith("Portorož")
local toy = require "toyworld"
toy.build()
scenario { name = ("N"):rep(62) .. "é" }
at("2022-01-05", ("é"):rep(150), function() end)
at("2022-01-06", "Portorož: contact points", function() end)
