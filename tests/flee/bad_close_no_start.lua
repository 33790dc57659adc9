-- flee.close while loading schedules a closure: it needs a start date.
-- expect: 5: needs start = "YYYY-MM-DD"
local flee = require "migsim.flee"
flee.load("toy")
flee.close{ kind = "link", a = "Z", b = "C1" }
