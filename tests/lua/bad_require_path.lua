-- expect: 4: module '../toyworld': names may use letters, digits, '_' and '.' only
local toy = require "toyworld"
toy.build()
require "../toyworld"
