-- expect: 61: XXA on 2022-01-01: 1.4e+10 agents would depart through 'air' in one day (more than 10^8)
-- expect-file: toyworld.lua
-- args: --set nationality.XXA.departure_multiplier=1e6 --set agent_weight=0.001
-- phase: run
local toy = require "toyworld"
toy.build()
