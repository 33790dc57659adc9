-- expect: 4: undefined global 'load'
local toy = require "toyworld"
toy.build()
local f = load("return 1")
