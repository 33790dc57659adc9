-- plain: smugworld as it is (run by other fixtures for comparison; not a fixture itself).
local sw = require "smugworld"
sw.build()
scenario { name = "plain" }
