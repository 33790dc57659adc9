-- expect: 6: bad argument #2 to 'at' (not valid UTF-8 text (byte 4)
-- Text that is not UTF-8 went into the JSON as is; Python's json.load then failed on
-- the result (issue 12, finding 6). Refused where it enters.
local toy = require "toyworld"
toy.build()
at("2022-02-01", "caf\xE9", function() end)
