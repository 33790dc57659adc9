-- expect: 4: close_border{}: no border segment 'BB-CD' (did you mean 'BB-CC'?)
local toy = require "toyworld"
toy.build()
close_border { border = "BB-CD", from = "2022-02-01", to = "2022-02-28" }
