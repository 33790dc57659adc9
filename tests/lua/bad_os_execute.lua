-- expect: 4: undefined global 'os'
local toy = require "toyworld"
toy.build()
os.execute("touch /tmp/migsim-sandbox-escape")
