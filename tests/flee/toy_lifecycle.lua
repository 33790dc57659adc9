-- toy_lifecycle.lua: a failed flee.load caught by pcall leaves nothing behind (the
-- toy then loads cleanly). A finalizer that called flee.* while the host was freed
-- after the run used to read the freed run (ASan in CI); scenarios cannot make
-- finalizers at all now (issue 12), and migsim's own guard of a loading model still
-- runs its C finalizer safely.
local flee = require "migsim.flee"
scenario{ name = "flee_toy_lifecycle" }
local ok, msg = pcall(flee.load, "toy", { compat = "lax" })
assert(not ok and msg:find("compat must be"), "the bad option is refused")
local ok2 = pcall(flee.load, "no_such_folder")
assert(not ok2, "a missing folder is refused")
flee.load("toy")
local okgc, gcmsg = pcall(setmetatable, {}, { __gc = function() flee.get("hasten") end })
assert(not okgc and gcmsg:find("__gc %(finalizers%) is not available"), "finalizers are refused")
