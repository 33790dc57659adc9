-- The shipped Western Balkans world: require "migsim.westbalkans" builds it, its
-- serbian_visa_changes() schedules the visa changes, each of which closes RS's air channel
-- for that group on its date (checked against the module's own table through events).
-- check: len(d["meta"]["world"]["nationalities"]) >= 4 and T["departures"] > 0 and T["frontex_detections"] > 0
-- check: len(events("check ")) == 4 and len(events("checked ")) == 4
-- check: all(x in events("visa regime: RS requires a visa for " + l.split()[1]) for x, l in E if l.startswith("check "))
-- check: all(sum(D["departures"][l.split()[1]]["air_BEG"][day(x):]) == 0 for x, l in E if l.startswith("check "))
-- check: all(sum(D["departures"][l.split()[1]]["air_BEG"][:day(x)]) > 0 for x, l in E if l.startswith("check "))
-- check: d["meta"]["scenario"]["name"] == "wb api test"
local wb = require "migsim.westbalkans"
scenario { name = "wb api test" }
wb.serbian_visa_changes()
for _, v in ipairs(wb.visa_changes) do
  at(v.date, "check " .. v.nationality, function() event("checked " .. v.nationality) end)
end
