-- toy_close.lua: the toy with the link Z-C1 closed from a hook on 2020-01-06 (day 5)
-- and reopened on 2020-01-09 (day 8): on days 5-7 everyone who flees goes to C2.
local flee = require "migsim.flee"
scenario{ name = "flee_toy_close" }
flee.load("toy")
at("2020-01-06", function() flee.close{ kind = "link", a = "Z", b = "C1" } end)
at("2020-01-09", function() flee.reopen{ kind = "link", a = "Z", b = "C1" } end)
