-- network{}: members at load, then one leaves and rejoins with a delay, from hooks (logged).
-- check: P["country.BB.network"] == 1 and P["country.CC.network"] == 1 and P["country.AA.network"] == 0 and P["network.delay_days"] == 0
-- check: events("data-exchange network: BB CC; delay 0 days") == ["2022-07-01"]
-- check: events("network rebuilt") == ["2022-10-01"]
-- check: T["intel_shared"] > 0 and sum(D["smuggling"]["intel_shared"]) == T["intel_shared"]
local sw = require "smugworld"
sw.build()
network { members = { "BB", "CC", "DD" } }
at("2022-07-01", function() network { leave = "DD" } end)
at("2022-10-01", function()
  network { join = { "DD" }, delay_days = 10, label = "network rebuilt" }
  if get("network.delay_days") ~= 10 or get("country.DD.network") ~= 1 then error("network not rebuilt") end
end)
