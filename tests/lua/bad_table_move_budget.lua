-- expect: 7: table.move: 1000000000000000 steps would exceed the budget of 2000000000 Lua instructions
-- table.move loops in C, where the instruction hook never runs: it moved nils for
-- days (issue 12, finding 3). Its element count is charged to the budget, and pcall
-- cannot catch that either.
local toy = require "toyworld"
toy.build()
local ok = pcall(function() return table.move({}, 1, 1e15, 1, {}) end)
