-- expect: 4: 'os' is not available to scenarios (they run in a sandbox
local toy = require "toyworld"
toy.build()
os.execute("touch /tmp/migsim-sandbox-escape")
