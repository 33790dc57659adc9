-- toy_lifecycle.lua: a failed flee.load caught by pcall leaves nothing behind (the
-- toy then loads cleanly), and a finalizer that calls flee.* while the host is
-- freed after the run finds no run (it used to read the freed run: ASan in CI).
local flee = require "migsim.flee"
scenario{ name = "flee_toy_lifecycle" }
local ok, msg = pcall(flee.load, "toy", { compat = "lax" })
assert(not ok and msg:find("compat must be"), "the bad option is refused")
local ok2 = pcall(flee.load, "no_such_folder")
assert(not ok2, "a missing folder is refused")
flee.load("toy")
carry.keep = setmetatable({}, { __gc = function() flee.get("hasten") end })
