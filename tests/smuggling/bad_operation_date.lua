-- expect: 4: operation{} from: '2022-13-01' is not a date (YYYY-MM-DD)
local sw = require "smugworld"
sw.build()
operation { country = "CC", from = "2022-13-01", intel = 10 }
