-- --set KEY=VALUE overrides a parameter after the scenario has loaded (true/false are 1/0),
-- and its value is what meta.parameters shows and the run uses.
-- args: --set border.BB-CC.detection_prob=0.9 --set channel.XXA.air.open=false --set nationality.XXA.displacement=0
-- check: P["border.BB-CC.detection_prob"] == 0.9 and P["channel.XXA.air.open"] == 0
-- check: sum(col("departures", "XXA", "air")) == 0 and T["switched_channel"] == 0 and T["deterred"] > 0
-- check: T["detections"] > 0.8 * T["attempts"]
local toy = require "toyworld"
toy.build()
set("border.BB-CC.detection_prob", 0.1)
