-- args: --set border.BB-CC.closed=true
-- A zero case: the only border closed for the whole run (--set) lets nobody through:
-- no attempt, no arrival; everyone who reaches it waits or goes home (no other way on).
-- check: T["attempts"] == 0 and T["arrivals"] == 0 and T["departures"] > 0
-- check: T["waiting_at_closed"] > 0 and T["gave_up_at_closed"] > 0 and T["rerouted_at_closed"] == 0
-- check: P["border.BB-CC.closed"] == 1
local toy = require "toyworld"
toy.build()
