-- origin_measure{}: an exit ban (factor 0) from 2022-03-01 with a lag of 31 days stops
-- departures from 2022-04-01 on, and only then.
-- check: all(x == 0 for x in col("departures")[day("2022-04-01"):]) and sum(col("departures")[:day("2022-04-01")]) > 0
-- check: events("exit ban: origin measure for XXA") == ["2022-04-01"]
-- check: D["departures"]["XXA"]["road"][:day("2022-04-01")] == run("plain.lua")["daily"]["departures"]["XXA"]["road"][:day("2022-04-01")]
local sw = require "smugworld"
sw.build()
origin_measure { nationality = "XXA", from = "2022-03-01", lag_days = 31, factor = 0, label = "exit ban" }
