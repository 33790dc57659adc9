-- expect: 4: undefined global 'io'
local toy = require "toyworld"
toy.build()
local f = io.open("/etc/passwd")
