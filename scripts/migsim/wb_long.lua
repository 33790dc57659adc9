-- migsim.wb_long: the Western Balkans route from 2017 to the end of a forecast.
--
--   local long = require "migsim.wb_long"
--   long.build(demand, { stop = "2023-09-30", known_by = "2022-09-30" })
--
-- The 2022 network of migsim.wb_world with every nationality of
-- data/wb_nationality_monthly.csv that has a monthly series in most years
-- (Iran and Iraq join the ten of 2022; Nepal and Russia, with under a tenth of
-- months non-zero, are in OTH), plus OTH: every other nationality, the route total
-- (data/wb_ibc_monthly.csv, S01) less the named ones. Serbia's visa regime
-- changes on the dates of data/visa_changes.csv (M.visa_history). The run starts
-- on 2016-07-01 so the route is populated when reporting begins on 2017-01-01.
-- When a channel closes, people choose among the channels still open and staying
-- (the channel choice model, docs/model.md), so the share that goes overland
-- follows from each group's route: an Iranian's road to Istanbul is short and cheap.
-- Demand is fitted and projected by tools/wb_forecast.py (docs/validation.md,
-- Forecasts); `require "migsim.wb_long_demand"` is its fit through 2022-09.

local world = require "migsim.wb_world"

local M = { world = world }

M.warmup_from = "2016-07-01"
M.start = "2017-01-01"

M.countries = {
  { code = "IR", name = "Iran" }, { code = "IQ", name = "Iraq" },
}
M.locations = {
  { id = "Tehran", country = "IR", kind = "origin", lat = 35.69, lon = 51.39 },
  { id = "Baghdad", country = "IQ", kind = "origin", lat = 33.31, lon = 44.37 },
}

-- Destinations of the groups with no asylum table of their own in data/ (Iran,
-- Iraq, the rest): first-time asylum applicants of all nationalities in 2022 in
-- the six destination countries (S02, data/asylum_eurostat_totals.csv), a proxy.
local all_nationalities = { Vienna = 112205, Brussels = 36715, Zurich = 24450, Munich = 243800,
                            Paris = 156560, Trieste = 84275 }
M.destinations = {}
for k, v in pairs(world.destinations) do M.destinations[k] = v end
M.destinations.IRN, M.destinations.IRQ, M.destinations.OTH = all_nationalities, all_nationalities, all_nationalities

-- The nationalities: the 2022 world's ten, then Iran (Tehran-Istanbul by road, or
-- by air to Belgrade while Serbia lets Iranians in without a visa; 90% prefer the
-- air channel when it is open, as for the other visa-free groups: ASSUMED), Iraq
-- (by road to Istanbul) and OTH (the rest, entering the route at Istanbul as Turks
-- do overland). Days and fares of the new channels are ASSUMED.
M.nationalities = {}
for _, n in ipairs(world.nationalities) do M.nationalities[#M.nationalities + 1] = n end
local iran = world.air_and_overland(3, 0.9)
iran[2] = { name = "overland", to = "Istanbul", mode = "road", days = 3, cost = 100, weight = 0.1 }
M.nationalities[#M.nationalities + 1] = { code = "IRN", name = "Iran", origin = "Tehran", channels = iran }
M.nationalities[#M.nationalities + 1] = { code = "IRQ", name = "Iraq", origin = "Baghdad",
  channels = { { name = "overland", to = "Istanbul", mode = "road", days = 4, cost = 200 } } }
M.nationalities[#M.nationalities + 1] = { code = "OTH", name = "other nationalities", origin = "Ankara",
  channels = { { name = "overland", to = "Istanbul", mode = "air", days = 1, cost = 500 } } }

M.codes = {}
for _, n in ipairs(M.nationalities) do M.codes[#M.codes + 1] = n.code end

-- Serbia's visa regime by date, data/visa_changes.csv. Visa-free on 2016-07-01:
-- Turkey, India, Cuba and Tunisia (visa-free in 2022, S40 S43 S45; the file has no
-- earlier change for them, so they are taken as visa-free throughout: ASSUMED).
-- `known` is the first date the change was public (decision or announcement);
-- a forecast made before it does not know the change (M.build's known_by).
M.visa_free_at_start = { "TUR", "IND", "CUB", "TUN" }
M.visa_history = {
  { nationality = "IRN", date = "2017-09-02", free = true, known = "2017-08-22", sources = "S49;S58;S59" },
  { nationality = "BDI", date = "2018-05-01", free = true, known = "2018-05-01", sources = "S42;S51" },
  { nationality = "IRN", date = "2018-10-17", free = false, known = "2018-10-08", announced = "2018-10-08",
    sources = "S48;S47" },
  { nationality = "BDI", date = "2022-10-21", free = false, known = "2022-10-20", announced = "2022-10-20",
    sources = "S40;S41;S42" },
  { nationality = "TUN", date = "2022-11-20", free = false, known = "2022-10-20", announced = "2022-10-20",
    sources = "S40;S41;S42" },
  { nationality = "IND", date = "2023-01-01", free = false, known = "2022-12-15", announced = "2022-12-15",
    sources = "S43;S44" },
  { nationality = "CUB", date = "2023-04-14", free = false, known = "2023-04-14", sources = "S45;S46" },
}

-- Build the world and its calendar.
-- demand: { CODE = { start = "2016-07", per_day = {...}, projection = {...} }, ... }
-- opts.stop: last reported day (default "2023-09-30");
-- opts.known_by: schedule only the visa changes public by this date (default: all);
-- opts.without: a set of "NAT@DATE" keys of visa changes to leave out (counterfactuals);
-- opts.agent_weight: persons an agent stands for (default 1).
function M.build(demand, opts)
  opts = opts or {}
  local stop = opts.stop or "2023-09-30"
  world.build(demand, {
    countries = M.countries, locations = M.locations, nationalities = M.nationalities,
    destinations = M.destinations, visa_free = M.visa_free_at_start,
    air_groups = { "TUR", "IND", "BDI", "CUB", "TUN", "IRN" }, choice = true,
  })
  scenario { name = "wb_long", warmup_from = M.warmup_from, start = M.start, stop = stop,
             agent_weight = opts.agent_weight or 1 }
  local without = opts.without or {}
  for key in pairs(without) do   -- a misspelt key would silently keep the change
    local found = false
    for _, v in ipairs(M.visa_history) do
      if key == v.nationality .. "@" .. v.date then found = true end
    end
    if not found then
      local keys = {}
      for _, v in ipairs(M.visa_history) do keys[#keys + 1] = v.nationality .. "@" .. v.date end
      error(("wb_long.build: without: no visa change '%s' (there are: %s)"):format(tostring(key),
            table.concat(keys, ", ")), 2)
    end
  end
  for _, v in ipairs(M.visa_history) do
    if v.date <= stop and (opts.known_by == nil or v.known <= opts.known_by)
        and not without[v.nationality .. "@" .. v.date] then
      visa_change {
        country = "RS", nationality = v.nationality, free = v.free, date = v.date, announced = v.announced,
        label = (v.free and "Serbia lifts visas for " or "Serbia reintroduces visas for ") .. v.nationality
                .. " (" .. v.sources .. ")",
      }
    end
  end
end

return M
