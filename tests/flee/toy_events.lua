-- toy_events.lua: the toy with one event of each type a Flee-rule run logs, for
-- test_events (flee_tests.py), which checks every event's typed fields exactly:
-- closures of closures.csv's kind (flee.close at load, with dates), flee.close and
-- flee.reopen from a hook, flee.set of a number and of a boolean, flee.spawn,
-- flee.camp, at() and when() labels, event() plain and with facts.
local flee = require "migsim.flee"
scenario{ name = "flee_toy_events" }
flee.load("toy")
flee.location{ name = "T", country = "Home", type = "town", population = 100 }
flee.route{ from = "Z", to = "T", distance = 80 }
flee.close{ kind = "camp", a = "C2", start = "2020-01-02", stop = "2020-01-04" }
flee.close{ kind = "country", a = "Home", b = "Away", start = "2020-01-10", stop = "2020-01-11" }

at("2020-01-05", function()
  flee.close{ kind = "link", a = "Z", b = "C1" }
  flee.set("max_move_speed", 200)
  flee.set("start_on_foot", true)
end)
at("2020-01-06", function()
  flee.reopen{ kind = "link", a = "Z", b = "C1" }
  flee.spawn{ at = "Z", persons = 50 }
  flee.camp{ name = "T", capacity = 500 }
  event("a plain note")
  event("the river floods", { type = "flood", location = "C1", key = "level", old = 1, new = "high" })
  event("border talks", { from = "Home", to = "Away", old = false, new = true })
end)
when(function(ind) return ind.day >= 7 end, function() end)
