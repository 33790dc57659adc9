---@meta migsim.wb_long_demand
-- Editor definitions only (lua-language-server): makes `require "migsim.wb_long_demand"` resolve to
-- the typed module declared in migsim.d.lua. The module itself is scripts/migsim/wb_long_demand.lua.
-- Not compiled into migsim (cmake/embed.cmake leaves scripts/types/ out); docs/editor.md.

---@type migsim.wb_long_demand
local M
return M
