-- expect: 7: wb_long.build: without: no visa change 'IRN@2018-10-18'
-- A counterfactual that names a visa change wb_long does not have is an error at the
-- caller's line, not a run that silently keeps the change (the date is the day it took
-- effect: Iran's reintroduction is IRN@2018-10-17).
local long = require "migsim.wb_long"
local demand = require "migsim.wb_long_demand"
long.build(demand.per_day, { stop = "2019-03-31",
  without = { ["IRN@2018-10-18"] = true } })
