-- migsim check calls every hook once (issue 17, friction 3) on its own copy, thrown away:
-- hooks that set parameters, log events, draw random numbers and keep carry state pass it,
-- and the run is the run without check (a when() whose condition never holds still had its
-- action tried by check, and does nothing in the run). Reading fields the indicator tables
-- have costs nothing; rawget and pairs see them as plain tables.
-- check: "good_check_hooks.lua: ok (" in check_out
-- check: events("never") == [] and events("restored") == ["2022-03-01"] and events("closed") == ["2022-02-01"]
-- check: events("border watch") == ["2022-01-01"] and len(events("daily ")) == len(dates)
-- check: P["border.BB-CC.detection_prob"] == 0.3
local toy = require "toyworld"
toy.build()
at("2022-02-01", "close", function()
  carry.old = get("border.BB-CC.detection_prob")
  set("border.BB-CC.detection_prob", 1)
  event("closed")
end)
at("2022-03-01", "restore", function()
  set("border.BB-CC.detection_prob", carry.old)
  event("restored " .. math.random(1, 6))
end)
when(function(d) return d.total.departures < 0 end, function() event("never") end)
when(function(d) return d.last_by_border["BB-CC"].detections >= 0 end,
     function(d) event("border watch " .. d.date) end)
on_day(function(d)
  local n = 0
  for k in pairs(d.total) do n = n + 1 end
  assert(n == 13 and rawget(d.total, "frontex") == nil and getmetatable(d) == false)
  assert(d.last_by_nationality.XXA.arrivals >= 0 and d.last.stock >= 0)
  event("daily " .. d.day)
end)
