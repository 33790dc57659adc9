-- string.rep and table.move are migsim's own (their loops are counted) and behave as
-- Lua 5.4's: rep("", maxinteger) is "" at once (it looped 2^63 times; issue 12).
-- check: len(dates) == 90
local toy = require "toyworld"
toy.build()
assert(string.rep("", math.maxinteger) == "")
assert(("ab"):rep(3) == "ababab" and ("ab"):rep(3, ",") == "ab,ab,ab")
assert(("x"):rep(0) == "" and ("x"):rep(-5) == "" and ("x"):rep(1, "sep") == "x")
assert(string.rep("", 5, "-") == "----")
assert(not pcall(string.rep, "x", math.maxinteger))          -- resulting string too large
local t = table.move({1, 2, 3}, 1, 3, 2)                      -- overlapping, moved from the end
assert(t[1] == 1 and t[2] == 1 and t[3] == 2 and t[4] == 3)
local u = table.move({1, 2, 3}, 2, 3, 1)                      -- overlapping, moved from the start
assert(u[1] == 2 and u[2] == 3 and u[3] == 3)
local v = table.move({1, 2, 3}, 1, 3, 1, {})
assert(#v == 3 and v[3] == 3)
assert(table.move({}, 1, 0, 1, {}) ~= nil)                    -- nothing to move
local s = setmetatable({}, { __index = function(_, k) return k * 10 end })
assert(table.move(s, 1, 3, 1, {})[3] == 30)                   -- metamethods are honoured
local ok, err = pcall(error, "caught")                        -- pcall still catches ordinary errors
assert(not ok and err == "caught")
assert(select("#", pcall(function() return 1, 2, 3 end)) == 4)
assert(xpcall(function() error("x") end, function(m) return "handled" end) == false)
assert(getmetatable(setmetatable({}, { __index = {} })) ~= nil)
local depth = 0                                               -- pcall nests as deep as in Lua (~200)
local function nest(n) depth = n return pcall(nest, n + 1) end
nest(1)
assert(depth > 190, "pcall nests only " .. depth .. " deep")
local ok2, obj = xpcall(function() error({ code = 7 }) end, function(m) return m end)
assert(not ok2 and obj.code == 7)                             -- error objects pass through handlers
assert(select(2, xpcall(function() error("x") end, function(m) return "handled: " .. m end)):find("handled"))
