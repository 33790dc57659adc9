-- require: a module beside the scenario (dots name folders), loaded once and cached,
-- sharing the scenario's globals; a module that returns nothing gives true.
-- check: P["risk_memory"] == 0.25 and P["route_km_scale"] == 123
-- check: E == [("2022-01-03", "use the module"), ("2022-01-03", "helper 42 noted")]
local toy = require "toyworld"
toy.build()
local helper = require "lib.helper"
assert(helper.answer == 42)
assert(rawequal(require "lib.helper", helper), "a second require returns the cached module")
assert(require "lib.nothing" == true)
assert(rawequal(require "toyworld", toy))
assert(get("risk_memory") == 0.5, "the module ran once, and set risk_memory")
set("risk_memory", 0.25)
require "lib.helper"
assert(get("risk_memory") == 0.25, "a cached module does not run again")
at("2022-01-03", "use the module", function()
  helper.note("noted")
  event("helper " .. helper.answer .. " " .. helper.last)
end)
