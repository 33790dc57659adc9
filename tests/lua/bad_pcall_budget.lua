-- expect: 9: the scenario used more than its budget of 1000000 Lua instructions in one call
-- pcall caught the budget's error and the outer loop went on for ever (issue 12,
-- finding 4); the budget is an error that pcall and xpcall pass on.
-- args: --lua-instructions 1e6
-- expect-also: in function 'pcall'
local toy = require "toyworld"
toy.build()
while true do
  pcall(function() while true do end end)
end
