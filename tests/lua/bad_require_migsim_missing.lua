-- expect: 4: module 'migsim.nope' not found: no such module is shipped with migsim
local toy = require "toyworld"
toy.build()
require "migsim.nope"
