-- close_channel() / open_channel(): closed in February (an exit ban), open again in March.
-- Nobody leaves through a closed channel; of those who prefer it some take the other channel
-- (displaced), the rest stay home (deterred). While loading, close_channel sets the
-- parameter without an event.
-- check: E == [("2022-02-01", "exit ban"), ("2022-02-01", "close channel XXA/air"), ("2022-03-01", "ban lifted"), ("2022-03-01", "open channel XXA/air")]
-- check: sum(M["departures"]["XXA"]["air"][0:1]) > 0 and M["departures"]["XXA"]["air"][1] == 0 and M["departures"]["XXA"]["air"][2] > 0
-- check: M["deterred"]["XXA"]["air"][1] > 0 and M["switched_channel"]["XXA"]["overland"][1] > 0
-- check: M["deterred"]["XXA"]["air"][0] == 0 and M["deterred"]["XXA"]["air"][2] == 0
-- check: P["channel.XXA.air.open"] == 1
local toy = require "toyworld"
toy.build()
close_channel("XXA", "air")
open_channel("XXA", "air")
at("2022-02-01", "exit ban", function() close_channel("XXA", "air") end)
at("2022-03-01", "ban lifted", function() open_channel("XXA", "air") end)
