-- event() and today(): event records a label in meta.events on the day a hook calls it;
-- today() is that day's date in hooks and nil while loading.
-- check: E == [("2022-01-15", "mid-January"), ("2022-01-15", "today is 2022-01-15"), ("2022-03-02", "label with \"quotes\", commas and unicode: é")]
local toy = require "toyworld"
toy.build()
assert(today() == nil)
at("2022-01-15", "mid-January", function() event("today is " .. today()) end)
on_day(function(ind)
  if today() == "2022-03-02" then
    assert(ind.date == today())
    event('label with "quotes", commas and unicode: é')
  end
end)
