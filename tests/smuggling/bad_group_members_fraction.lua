-- expect: 6: smuggling_group x: 'members' must be a whole number, got 2.5
-- A caught error leaves no half-made group behind.
local sw = require "smugworld"
sw.build()
local ok = pcall(smuggling_group, { id = "x", base = "BB", borders = { "BB-CC" }, capacity = 500, members = 2.5 })
smuggling_group { id = "x", base = "BB", borders = { "BB-CC" }, members = 2.5 }
