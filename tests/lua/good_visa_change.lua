-- visa_change{}: announced on 2022-02-01, in force on 2022-02-15, lifted again on 2022-03-10.
-- Each logs its event on its date; between announcement and effect departures through the
-- closing channel run at `rush` (10) times their usual rate, the other channel does not rush;
-- while visas are required nobody takes the air channel; after the lifting they do again.
-- check: ("2022-02-01", "announced: BB will require visas from 2022-02-15: BB closes its door") in E
-- check: ("2022-02-15", "BB closes its door") in E and ("2022-02-15", "visa regime: BB requires a visa for XXA") in E
-- check: ("2022-03-10", "visa_change: BB lifts visas") in E and ("2022-03-10", "visa regime: BB visa-free for XXA") in E
-- check: len(E) == 5
-- check: all(v == 0 for v in D["departures"]["XXA"]["air"][day("2022-02-15"):day("2022-03-10")])
-- check: sum(D["departures"]["XXA"]["air"][day("2022-03-10"):]) > 0
-- check: sum(D["departures"]["XXA"]["air"][day("2022-02-01"):day("2022-02-15")]) / 14 > 5 * sum(D["departures"]["XXA"]["air"][:day("2022-02-01")]) / 31
-- check: sum(D["departures"]["XXA"]["overland"][day("2022-02-01"):day("2022-02-15")]) / 14 < 2 * sum(D["departures"]["XXA"]["overland"][:day("2022-02-01")]) / 31
-- check: P["nationality.XXA.rush"] == 10
local toy = require "toyworld"
toy.build { XXA = { rush = 10 } }
visa_change { country = "BB", nationality = "XXA", free = false, date = "2022-02-15", announced = "2022-02-01",
              label = "BB closes its door" }
visa_change { country = "BB", nationality = { "XXA" }, free = true, date = "2022-03-10" }
