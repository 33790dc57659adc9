-- toy.lua: the 3-location toy of tests/flee (toy/, FabFlee's folder layout): one
-- conflict zone Z and two camps, C1 at 50 km and C2 at 150 km, no capacities,
-- awareness 1, camp_movechance 0. 20,000 persons flee Z over days 1-10 (C1's
-- series rises by 2,000 a day). Flee's route weight gives C1 the share
-- (1/(10+50)) / (1/(10+50) + 1/(10+150)) = 8/11.
local flee = require "migsim.flee"
scenario{ name = "flee_toy" }
flee.load("toy")
