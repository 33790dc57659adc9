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

--- Close something from one date to another (both "YYYY-MM-DD"; stop may be nil),
--- as a pair of scheduled events: the same as flee.close{..., start=, stop=} but
--- listed among the run's events under label.
function M.closure_between(spec, start, stop, label)
  if type(spec) ~= "table" then error("flee.closure_between: spec must be a table {kind=, a=, b=}", 2) end
  local what = spec.kind .. " " .. tostring(spec.a) .. (spec.b and (" " .. spec.b) or "")
  at(start, label or ("close " .. what), function() core.close(spec) end)
  if stop then
    at(stop, label and (label .. " ends") or ("reopen " .. what), function() core.reopen(spec) end)
  end
end

return M
