-- expect: 4: unknown key 'lable' in during{} (did you mean 'label'?)
local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-02-28", lable = "x", set = { ["border.BB-CC.closed"] = 1 } }
