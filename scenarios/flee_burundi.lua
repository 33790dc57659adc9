-- flee_burundi.lua: the Burundi 2015 crisis as Flee models it, run under Flee's
-- rules by migsim (docs/flee.md).
--
-- What it asks: does migsim reproduce Flee on Flee's own validation case, 396 days
-- from 2015-05-01 of flight from Burundi's conflict zones to camps in Rwanda
-- (Mahama), Tanzania (Nduta, Nyarugusu), Uganda (Nakivale) and the DRC (Lusenda)?
-- What it shows: daily simulated vs UNHCR camp counts and Flee's averaged relative
-- difference (ARD): Flee itself scores 0.468 here (FLEE.md).
--
-- Data: data/flee/burundi, FabFlee's scenario (BSD-3, LICENSE.FabFlee-BSD-3-Clause
-- there), from Suleimenova, Bell & Groen (2017), "A generalized simulation
-- development approach for predicting refugee destinations", Sci. Rep. 7:13377;
-- camp counts from UNHCR's data portal, conflict events from ACLED.
--
-- compat = "strict" keeps Flee's quirks so the numbers match Flee's; drop it for
-- the corrected rules (docs/flee.md lists the differences). Try, e.g.:
--   migsim run scenarios/flee_burundi.lua -o burundi.json
--   migsim run scenarios/flee_burundi.lua --replicates 10 -o burundi10.json
--   migsim run scenarios/flee_burundi.lua --set hasten=10     (a tenth of the agents)
local flee = require "migsim.flee"

scenario{ name = "flee_burundi" }
flee.load("../data/flee/burundi", { compat = "strict" })
