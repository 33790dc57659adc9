-- Typed events: every kind of policy event carries its fields beside the unchanged label
-- (docs/scenario-api.md, "Events"), so a reader filters on them instead of parsing labels:
-- a measure, an announcement, a channel closed, a parameter set, a visa change made and
-- lifted, the network, an operation, a trigger, and event() with and without facts.
-- check: [e["type"] for e in EV] == ["measure", "announcement", "scheduled", "channel", "scheduled", "parameter", "scheduled", "visa", "scheduled", "network", "operation_start", "trigger", "custom", "fence", "scheduled", "visa", "operation_end"]
-- check: all(e["kind"] == "policy" for e in EV)
-- check: EV[0] == {"date": "2022-02-01", "label": "origin measure for XXA takes hold: departures x0.5 over 10 days", "kind": "policy", "type": "measure", "nationality": "XXA", "factor": 0.5}
-- check: EV[1] == {"date": "2022-02-01", "label": "announced: BB will require visas from 2022-02-15: BB closes its door", "kind": "policy", "type": "announcement", "country": "BB", "nationality": "XXA", "new": "required", "effective": "2022-02-15"}
-- check: EV[3] == {"date": "2022-02-01", "label": "close channel XXA/air", "kind": "policy", "type": "channel", "nationality": "XXA", "channel": "air", "old": "open", "new": "closed"}
-- check: EV[4] == {"date": "2022-02-05", "label": "reopen", "kind": "policy", "type": "scheduled"}
-- check: EV[5] == {"date": "2022-02-05", "label": "set border.BB-CC.detection_prob = 0.7", "kind": "policy", "type": "parameter", "key": "border.BB-CC.detection_prob", "old": P["border.BB-CC.detection_prob"], "new": 0.7}
-- check: EV[6] == {"date": "2022-02-15", "label": "BB closes its door", "kind": "policy", "type": "scheduled", "country": "BB", "nationality": "XXA"}
-- check: EV[7] == {"date": "2022-02-15", "label": "visa regime: BB requires a visa for XXA", "kind": "policy", "type": "visa", "country": "BB", "nationality": "XXA", "old": "free", "new": "required"}
-- check: EV[9] == {"date": "2022-02-20", "label": "data-exchange network: BB CC; delay 3 days", "kind": "policy", "type": "network", "members": ["BB", "CC"], "delay_days": 3}
-- check: EV[10]["country"] == "CC" and EV[10]["date"] == "2022-02-20" and EV[16]["country"] == "CC" and EV[16]["date"] == "2022-03-12"
-- check: EV[11] == {"date": "2022-02-21", "label": "few arrivals", "kind": "policy", "type": "trigger"}
-- check: EV[12] == {"date": "2022-02-21", "label": "a plain note", "kind": "policy", "type": "custom"}
-- check: EV[13] == {"date": "2022-02-21", "label": "CC builds a fence", "kind": "policy", "type": "fence", "country": "CC", "nationality": "XXA", "channel": "overland", "old": False, "new": True}
-- check: EV[14] == {"date": "2022-03-10", "label": "visa_change: BB lifts visas", "kind": "policy", "type": "scheduled", "country": "BB"}
-- check: EV[15] == {"date": "2022-03-10", "label": "visa regime: BB visa-free for XXA", "kind": "policy", "type": "visa", "country": "BB", "nationality": "XXA", "old": "required", "new": "free"}
local toy = require "toyworld"
toy.build()
origin_measure { nationality = "XXA", from = "2022-02-01", factor = 0.5, ramp_days = 10 }
visa_change { country = "BB", nationality = "XXA", free = false, date = "2022-02-15", announced = "2022-02-01",
              label = "BB closes its door" }
visa_change { country = "BB", nationality = { "XXA" }, free = true, date = "2022-03-10" }
at("2022-02-01", function() close_channel("XXA", "air") end)
at("2022-02-05", "reopen", function() set("border.BB-CC.detection_prob", 0.7) end)
at("2022-02-20", function() network { members = { "BB", "CC" }, delay_days = 3 } end)
operation { country = "CC", from = "2022-02-20", days = 20, intel_per_day = 1 }
when(function(ind) return today() == "2022-02-21" end, function()
  event("a plain note")
  event("CC builds a fence", { type = "fence", country = "CC", nationality = "XXA", channel = "overland",
                                old = false, new = true })
end, "few arrivals")
