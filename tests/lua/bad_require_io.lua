-- expect: 4: module 'io' not found
local toy = require "toyworld"
toy.build()
local io = require("io")
