-- expect: 4: undefined global 'package'
local toy = require "toyworld"
toy.build()
package.path = "/tmp/?.lua"
