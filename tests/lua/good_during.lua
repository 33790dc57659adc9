-- during{}: sets its parameters on `from` and restores each by itself on `to` + 1 day,
-- logging the window and each change (old, new) in meta.events; a parameter something
-- else changed inside the window (here an at()) keeps that change.
-- check: [e for d_, e in E if d_ == "2022-01-31" and e.startswith("seen")] == ["seen 2022-01-31 0.30 0.60"]
-- check: [e for d_, e in E if d_ == "2022-02-01" and e.startswith("seen")] == ["seen 2022-02-01 0.90 0.70"]
-- check: [e for d_, e in E if d_ == "2022-02-28" and e.startswith("seen")] == ["seen 2022-02-28 0.90 0.50"]
-- check: [e for d_, e in E if d_ == "2022-03-01" and e.startswith("seen")] == ["seen 2022-03-01 0.30 0.50"]
-- check: [(e["date"], e["type"], e.get("key"), e.get("old"), e.get("new")) for e in EV if e["type"] != "custom"][:4] == [("2022-02-01", "during_start", None, None, None), ("2022-02-01", "parameter", "border.BB-CC.detection_prob", 0.3, 0.9), ("2022-02-01", "parameter", "border.BB-CC.pushback_share", 0.6, 0.7), ("2022-02-15", "scheduled", None, None, None)]
-- check: [(e["date"], e["type"], e.get("key"), e.get("old"), e.get("new")) for e in EV if e["type"] != "custom"][5:] == [("2022-03-01", "during_end", None, None, None), ("2022-03-01", "parameter", "border.BB-CC.detection_prob", 0.9, 0.3), ("2022-03-01", "parameter", "border.BB-CC.pushback_share", 0.5, 0.5)]
-- check: events("reinforcement: window 2022-02-01 to 2022-02-28 begins") == ["2022-02-01"] and events("pushback_share kept at 0.5") == ["2022-03-01"]
-- check: P["border.BB-CC.detection_prob"] == 0.3 and P["border.BB-CC.closed"] == 0
local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-02-28", label = "reinforcement",
         set = { ["border.BB-CC.detection_prob"] = 0.9, ["border.BB-CC.pushback_share"] = 0.7 } }
at("2022-02-15", "pushbacks cut", function() set("border.BB-CC.pushback_share", 0.5) end)
on_day(function(ind)
  if ind.date == "2022-01-31" or ind.date == "2022-02-01" or ind.date == "2022-02-28" or ind.date == "2022-03-01" then
    event(string.format("seen %s %.2f %.2f", ind.date, get("border.BB-CC.detection_prob"),
                        get("border.BB-CC.pushback_share")))
  end
end)
