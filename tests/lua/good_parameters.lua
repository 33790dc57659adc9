-- parameters(): every key with its value, the same keys as meta.parameters; also in a hook.
-- check: P["route_km_scale"] == len(P)
-- check: E == [("2022-01-02", "count"), ("2022-01-02", "parameters %d, detection %g" % (len(P), 0.3))]
local toy = require "toyworld"
toy.build()
local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end
local p = parameters()
assert(p["border.BB-CC.detection_prob"] == 0.3 and p["channel.XXA.air.weight"] == 0.7)
assert(p["route_km_scale"] ~= nil and p["no.such.key"] == nil)
set("route_km_scale", count(p))
at("2022-01-02", "count", function()
  local q = parameters()
  event(string.format("parameters %d, detection %g", count(q), q["border.BB-CC.detection_prob"]))
end)
