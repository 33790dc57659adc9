-- border{}: a second call reconfigures the segment. Every detection is registered (taken to
-- Camp), none pushed back or detained; frontex = false keeps them out of Frontex's series.
-- check: P["border.BB-CC.detection_prob"] == 0.5 and P["border.BB-CC.pushback_share"] == 0 and P["border.BB-CC.registration_share"] == 1
-- check: d["meta"]["world"]["borders"] == [{"name": "BB-CC", "from": "BB", "to": "CC", "frontex": False, "smuggling_price": 0, "reception": "Camp"}]
-- check: T["detections"] > 0 and T["registrations"] == T["detections"] and T["pushbacks"] == 0 and T["detained"] == 0
-- check: T["frontex_detections"] == 0 and col("frontex_detections") == [0] * len(dates)
-- check: max(D["in_reception"]["Camp"]) > 0 and D["in_reception"]["Gate"] == [0] * len(dates)
-- check: T["detections.BB-CC"] == T["detections"]
local toy = require "toyworld"
toy.build()
border { from = "BB", to = "CC", detection_prob = 0.5, pushback_share = 0, registration_share = 1,
         reception = "Camp", frontex = false }
