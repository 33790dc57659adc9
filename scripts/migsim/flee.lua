-- migsim.flee: read a Flee scenario folder (FabFlee's conflict layout) and run it
-- under Flee's rules, seeded and reproducible (docs/flee.md, docs/scenario-api.md).
--
--   local flee = require "migsim.flee"
--   flee.load("../data/flee/burundi", { compat = "strict" })
--   at("2015-09-01", function() flee.close{ kind = "camp", a = "Nduta" } end)
--
-- The functions are C functions (migsim.flee_core) re-exported as they are, so an
-- error in a call names the scenario's own file and line.
local core = require "migsim.flee_core"

local M = {}
for name, fn in pairs(core) do M[name] = fn end

local kinds = { country = 2, link = 2, location = 1, camp = 1, idpcamp = 1 }

-- The closure spec checked now, against the loaded locations: an error names the
-- caller's line at load time, not a day in the middle of the run.
local function check_closure(spec)
  for k in pairs(spec) do
    if k ~= "kind" and k ~= "a" and k ~= "b" then
      error("flee.closure_between: unknown key '" .. tostring(k) .. "' in the spec (kind, a, b)", 3)
    end
  end
  local n = kinds[spec.kind]
  if not n then
    error("flee.closure_between: kind must be country, location, link, camp or idpcamp, got "
          .. tostring(spec.kind), 3)
  end
  local names, countries = {}, {}
  for _, l in ipairs(core.locations()) do
    names[l.name] = true
    countries[l.country] = true
  end
  local known = spec.kind == "country" and countries or names
  local what = spec.kind == "country" and "country" or "location"
  for i, key in ipairs({ "a", "b" }) do
    if i <= n and not known[spec[key]] then
      error("flee.closure_between: no " .. what .. " '" .. tostring(spec[key]) .. "'", 3)
    end
  end
end

--- Close something from one date to another (both "YYYY-MM-DD"; stop may be nil),
--- as a pair of scheduled events: the same as flee.close{..., start=, stop=} but
--- listed among the run's events under label.
function M.closure_between(spec, start, stop, label)
  if type(spec) ~= "table" then error("flee.closure_between: spec must be a table {kind=, a=, b=}", 2) end
  check_closure(spec)
  local what = spec.kind .. " " .. tostring(spec.a) .. (spec.b and (" " .. spec.b) or "")
  at(start, label or ("close " .. what), function() core.close(spec) end)
  if stop then
    at(stop, label and (label .. " ends") or ("reopen " .. what), function() core.reopen(spec) end)
  end
end

return M
