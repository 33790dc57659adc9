-- at(): runs on its date, at the start of the day, in date order then registration order,
-- with the label given or a default naming file:line; the first and last day are allowed.
-- check: [e for e in E if e[0] == "2022-01-05"][1:] == [("2022-01-05", "inside 2022-01-05 a"), ("2022-01-05", "second on the 5th"), ("2022-01-05", "inside 2022-01-05 b")]
-- check: E[2][1].startswith("scheduled event (") and E[2][1].rstrip(":)").endswith("good_at.lua:14")
-- check: E[-2:] == [("2022-03-31", "last day"), ("2022-03-31", "inside 2022-03-31")]
-- check: E[:2] == [("2022-01-01", "first day"), ("2022-01-01", "inside 2022-01-01")]
-- check: [x for x, _ in E] == sorted(x for x, _ in E) and len(E) == 10
-- check: E[6:8] == [("2022-02-10", "label ten"), ("2022-02-10", "inside 2022-02-10")]
local toy = require "toyworld"
toy.build()
local function mark(tag) return function() event("inside " .. today() .. (tag or "")) end end
at("2022-02-10", "label ten", mark())
at("2022-03-31", "last day", mark())
at("2022-01-05", mark(" a"))
at("2022-01-05", "second on the 5th", mark(" b"))
at("2022-01-01", "first day", mark())
