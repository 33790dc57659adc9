-- expect: 4: module 'no_such_module' not found
local toy = require "toyworld"
toy.build()
require "no_such_module"
