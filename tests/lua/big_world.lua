-- 60,000 locations and 60,000 routes: the builders' name lookups and duplicate checks
-- were linear, so building this took minutes (issue 12, finding 5; 40,000 of each took
-- 11 s). Checked by the lua_big_world test: `migsim check` within its timeout.
local toy = require "toyworld"
toy.build()
for i = 1, 60000 do
  location { id = "l" .. i, country = "BB", kind = "city" }
end
for i = 1, 60000 do
  route { from = (i == 1) and "Hub" or ("l" .. (i - 1)), to = "l" .. i, mode = "road", km = 1 }
end
