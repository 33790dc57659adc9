-- operation{} and origin_measure{} may outlast the run: an operation's end after the
-- last day never comes, and a measure that takes hold after it is simply not seen.
-- check: events("operation in CC starts") == ["2022-12-01"] and not events("operation in CC ends")
-- check: not events("later aid")
local sw = require "smugworld"
sw.build()
operation { country = "CC", from = "2022-12-01", days = 60, intel_per_day = 5 }
origin_measure { nationality = "XXA", from = "2022-12-01", lag_days = 90, factor = 0.5, label = "later aid" }
