-- expect: 4: 'package' is not available to scenarios (they run in a sandbox
local toy = require "toyworld"
toy.build()
package.path = "/tmp/?.lua"
