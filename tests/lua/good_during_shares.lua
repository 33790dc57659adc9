-- during{} sets its keys together: pushback_share 0.9 with registration_share 0.1 is a
-- valid pair although 0.9 with the old 0.3 is not (the order of setting is found); both
-- come back (0.6 and 0.3) on the day after the window.
-- check: [(e["key"], e["old"], e["new"]) for e in EV if e["type"] == "parameter"] == [("border.BB-CC.pushback_share", 0.6, 0.9), ("border.BB-CC.registration_share", 0.3, 0.1), ("border.BB-CC.pushback_share", 0.9, 0.6), ("border.BB-CC.registration_share", 0.1, 0.3)]
-- check: events("window 2022-02-01 to 2022-02-28 ends") == ["2022-03-01"]
local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-02-28",
         set = { ["border.BB-CC.pushback_share"] = 0.9, ["border.BB-CC.registration_share"] = 0.1 } }
