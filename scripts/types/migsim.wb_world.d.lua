---@meta migsim.wb_world
-- Editor definitions only (lua-language-server): makes `require "migsim.wb_world"` resolve to
-- the typed module declared in migsim.d.lua. The module itself is scripts/migsim/wb_world.lua.
-- Not compiled into migsim (cmake/embed.cmake leaves scripts/types/ out); docs/editor.md.

---@type migsim.wb_world
local M
return M
