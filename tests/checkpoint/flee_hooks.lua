-- flee_hooks.lua: a Flee-rule run whose hooks change what a checkpoint must keep: the
-- toy of tests/flee (conflict zone Z, camps C1 at 50 km and C2 at 150 km) run for 40
-- days, plus a town T (made a camp from a hook), a marker M on the way to a camp C3
-- (routes of two hops), avoid_short_stints (each agent's recent travel) and an
-- attractiveness function. From hooks: a setting (day 5), the link Z-C1 closed (day 8)
-- and reopened (day 30), T made a camp (day 12), persons spawned by a when() trigger
-- and by on_day() with math.random, and counts in `carry`. The on_day() hook checks
-- that the setting it changed is still in effect (also after a resume).
local flee = require "migsim.flee"
scenario{ name = "flee_hooks" }
flee.load("../flee/toy", { days = 40, settings = { avoid_short_stints = true } })
flee.location{ name = "T", country = "Home", type = "town", population = 500 }
flee.location{ name = "M", country = "Home", type = "marker" }
flee.location{ name = "C3", country = "Away", type = "camp", capacity = 3000 }
flee.route{ from = "Z", to = "T", distance = 100 }
flee.route{ from = "T", to = "M", distance = 40 }
flee.route{ from = "M", to = "C3", distance = 60 }

flee.attractiveness(function(loc)
  if loc.name == "T" and loc.type == "camp" then return loc.score * 2 end
end)

at("2020-01-06", function() flee.set("default_movechance", 0.6) end)
at("2020-01-09", function() flee.close{ kind = "link", a = "Z", b = "C1" } end)
at("2020-01-13", function() flee.camp{ name = "T", capacity = 4000 } end)
at("2020-01-31", function() flee.reopen{ kind = "link", a = "Z", b = "C1" } end)

when(function(ind) return ind.agents > 15000 end, function(ind)
  carry.trigger_day = ind.day
  flee.spawn{ at = "Z", persons = 700 }
end)

on_day(function(ind)
  carry.days = (carry.days or 0) + 1
  if ind.day >= 6 then
    assert(flee.get("default_movechance") == 0.6, "the setting changed on day 5 is lost")
  end
  if ind.day % 7 == 3 then
    local n = math.random(50, 400)
    carry.spawned = (carry.spawned or 0) + n
    flee.spawn{ at = "Z", persons = n }
  end
end)
