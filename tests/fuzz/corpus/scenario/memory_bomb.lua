-- A scenario that allocates without end: the memory budget (--lua-memory) stops it with exit 2
-- (tested by lua_memory_budget in CMakeLists.txt: a memory error has no line to expect).
local toy = require "toyworld"
toy.build()
local s = string.rep("x", 1024)
local t = {}
for i = 1, 1e9 do t[i] = s .. i end
