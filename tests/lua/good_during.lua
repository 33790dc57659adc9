local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-02-28", label = "reinforcement",
         set = { ["border.BB-CC.detection_prob"] = 0.9, ["border.BB-CC.pushback_share"] = 0.7 } }
on_day(function(ind)
  if ind.date == "2022-01-31" or ind.date == "2022-02-01" or ind.date == "2022-02-28" or ind.date == "2022-03-01" then
    event(string.format("seen %s %.2f", ind.date, get("border.BB-CC.detection_prob")))
  end
end)
