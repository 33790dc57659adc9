-- demand: the baseline with demand 35 a day instead of 25 from March 2022 (no event: the
-- demand series differs). Forking from base.lua on 2022-03-01 loses nothing; later, it would.
require("ensworld").build("ens_demand", { demand = { start = "2022-01", per_day = { 25, 25, 35 } } })
