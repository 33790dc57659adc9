-- expect: 4: module 'os' not found
local toy = require "toyworld"
toy.build()
local os = require "os"
