-- expect: 3: unknown key 'km_' in route{} (did you mean 'km'?)
-- expect-file: broken.lua
-- expect-also: bad_error_in_module.lua:6:
local toy = require "toyworld"
toy.build()
require "lib.broken"
