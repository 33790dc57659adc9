-- toy_nodata.lua: a Flee folder without source_data/ (no observed counts): the run
-- works, and its errors (ARD, rescaled ARD, Total error) are null, not 0.
local flee = require "migsim.flee"
scenario{ name = "flee_toy_nodata" }
flee.load("fixtures/minimal")
