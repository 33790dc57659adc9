-- wb_forecast: the Western Balkans route from 2017 to 2023-09, the forecast after
-- the data. Demand is fitted to Frontex's monthly series by nationality through
-- 2022-09 and projected after it (season, persistence and the spread of monthly
-- changes, drawn per replicate: migsim.wb_long_demand, made by
-- `tools/wb_forecast.py demand`); Serbia's visa changes are those of
-- data/visa_changes.csv, the 2022-23 reintroductions included (migsim.wb_long).
-- How well such forecasts did in rolling-origin backtests: docs/validation.md,
-- Forecasts.
--
--   migsim run scenarios/wb_forecast.lua --replicates 20 -o forecast.json
--   migsim export forecast.json --table frontex_monthly --format csv

local long = require "migsim.wb_long"
local demand = require "migsim.wb_long_demand"
long.build(demand.per_day, { stop = "2023-09-30" })
scenario { name = "wb_forecast" }
