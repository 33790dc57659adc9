-- A module beside the fixtures (require "lib.helper"): it shares the scenario's
-- globals, so it may call the API.
local M = { answer = 42, loads = 0 }
set("risk_memory", 0.5)
function M.note(x) M.last = x end
return M
