-- Caught errors change nothing: a bad label after good members, a bad label after a good
-- measure, a fractional number of members.
-- check: P["country.CC.network"] == 0 and [g["id"] for g in d["meta"]["world"]["groups"]] == ["north", "west", "both"]
-- check: D["departures"] == run("plain.lua")["daily"]["departures"]
local sw = require "smugworld"
sw.build()
scenario { name = "plain" }
assert(not pcall(network, { members = { "CC" }, label = 5 }))
assert(not pcall(origin_measure, { nationality = "XXA", from = "2022-03-01", factor = 0.1, label = 5 }))
assert(not pcall(smuggling_group, { id = "half", base = "BB", borders = { "BB-CC" }, capacity = 500, members = 2.5 }))
