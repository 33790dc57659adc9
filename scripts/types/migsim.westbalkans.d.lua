---@meta migsim.westbalkans
-- Editor definitions only (lua-language-server): makes `require "migsim.westbalkans"` resolve to
-- the typed module declared in migsim.d.lua. The module itself is scripts/migsim/westbalkans.lua.
-- Not compiled into migsim (cmake/embed.cmake leaves scripts/types/ out); docs/editor.md.

---@type migsim.westbalkans
local M
return M
