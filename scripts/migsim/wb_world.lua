-- migsim.wb_world: the Western Balkans route network of 2022 as a builder.
--
--   local wb_world = require "migsim.wb_world"
--   wb_world.build(demand)   -- demand: { SYR = {start = "2022-01", per_day = {...}}, ... }
--
-- Most scenarios want `require "migsim.westbalkans"`, which builds this world
-- with the calibrated demand. Every number below is either from data/ (source id
-- in the comment, see data/sources.csv) or an assumption marked ASSUMED; the full
-- table with reasons is in docs/model.md.

local M = {}

-- Countries. EU/Schengen membership as of 2022 (Croatia joined Schengen 2023-01-01;
-- kept as 2022 here, the crossings into Slovenia are the ones Slovenian police count).
M.countries = {
  -- origins
  { code = "SY", name = "Syria" }, { code = "AF", name = "Afghanistan" },
  { code = "PK", name = "Pakistan" }, { code = "MA", name = "Morocco" },
  { code = "BD", name = "Bangladesh" }, { code = "IN", name = "India" },
  { code = "BI", name = "Burundi" }, { code = "CU", name = "Cuba" },
  { code = "TN", name = "Tunisia" },
  -- the route
  { code = "TR", name = "Turkey" },
  { code = "GR", name = "Greece", eu = true, schengen = true, abscond_prob = 0.03 },
  { code = "BG", name = "Bulgaria", eu = true, schengen = false, abscond_prob = 0.1 },
  { code = "MK", name = "North Macedonia" },
  { code = "RS", name = "Serbia", abscond_prob = 0.15 },
  { code = "BA", name = "Bosnia and Herzegovina", abscond_prob = 0.15 },
  { code = "HU", name = "Hungary", eu = true, schengen = true, abscond_prob = 0.2 },
  { code = "RO", name = "Romania", eu = true, schengen = false, abscond_prob = 0.2 },
  { code = "HR", name = "Croatia", eu = true, schengen = false, abscond_prob = 0.3 },
  { code = "SI", name = "Slovenia", eu = true, schengen = true, abscond_prob = 0.3 },
  -- destinations
  { code = "AT", name = "Austria", eu = true, schengen = true },
  { code = "IT", name = "Italy", eu = true, schengen = true },
  { code = "DE", name = "Germany", eu = true, schengen = true },
  { code = "BE", name = "Belgium", eu = true, schengen = true },
  { code = "CH", name = "Switzerland", eu = false, schengen = true },
  { code = "FR", name = "France", eu = true, schengen = true },
}

-- Locations: corridor nodes from data/route_nodes.csv (S120, S126, S150-S152),
-- coordinates of the towns named there.
M.locations = {
  { id = "Damascus", country = "SY", kind = "origin", lat = 33.51, lon = 36.29 },
  { id = "Kabul", country = "AF", kind = "origin", lat = 34.53, lon = 69.17 },
  { id = "Ankara", country = "TR", kind = "origin", lat = 39.93, lon = 32.86 },
  { id = "Islamabad", country = "PK", kind = "origin", lat = 33.68, lon = 73.05 },
  { id = "Casablanca", country = "MA", kind = "origin", lat = 33.57, lon = -7.59 },
  { id = "Dhaka", country = "BD", kind = "origin", lat = 23.81, lon = 90.41 },
  { id = "Delhi", country = "IN", kind = "origin", lat = 28.61, lon = 77.21 },
  { id = "Bujumbura", country = "BI", kind = "origin", lat = -3.36, lon = 29.36 },
  { id = "Havana", country = "CU", kind = "origin", lat = 23.11, lon = -82.37 },
  { id = "Tunis", country = "TN", kind = "origin", lat = 36.81, lon = 10.18 },
  { id = "Istanbul", country = "TR", kind = "city", lat = 41.01, lon = 28.98 },
  { id = "Izmir", country = "TR", kind = "border_area", lat = 38.42, lon = 27.14 },
  { id = "Edirne", country = "TR", kind = "border_area", lat = 41.68, lon = 26.56 },
  { id = "Lesvos", country = "GR", kind = "reception", lat = 39.10, lon = 26.55 },
  { id = "Athens", country = "GR", kind = "city", lat = 37.98, lon = 23.73 },
  { id = "Thessaloniki", country = "GR", kind = "city", lat = 40.64, lon = 22.94 },
  { id = "Sofia", country = "BG", kind = "city", lat = 42.70, lon = 23.32 },
  { id = "Gevgelija", country = "MK", kind = "border_area", lat = 41.14, lon = 22.50 },
  { id = "Tabanovce", country = "MK", kind = "border_area", lat = 42.21, lon = 21.71 },
  { id = "Presevo", country = "RS", kind = "reception", lat = 42.31, lon = 21.65 },
  { id = "Pirot", country = "RS", kind = "reception", lat = 43.15, lon = 22.59 },
  { id = "Belgrade_airport", name = "Belgrade Nikola Tesla airport", country = "RS", kind = "airport",
    lat = 44.82, lon = 20.29 },
  { id = "Belgrade", country = "RS", kind = "city", lat = 44.79, lon = 20.45 },
  { id = "Subotica", country = "RS", kind = "border_area", lat = 46.10, lon = 19.67 },
  { id = "Kikinda", country = "RS", kind = "border_area", lat = 45.83, lon = 20.46 },
  { id = "Sid", country = "RS", kind = "border_area", lat = 45.13, lon = 19.23 },
  { id = "Loznica", country = "RS", kind = "border_area", lat = 44.53, lon = 19.22 },
  { id = "Sarajevo", country = "BA", kind = "city", lat = 43.86, lon = 18.41 },
  { id = "Bihac", country = "BA", kind = "border_area", lat = 44.81, lon = 15.87 },
  { id = "Szeged", country = "HU", kind = "border_area", lat = 46.25, lon = 20.15 },
  { id = "Budapest", country = "HU", kind = "city", lat = 47.50, lon = 19.04 },
  { id = "Timisoara", country = "RO", kind = "city", lat = 45.75, lon = 21.23 },
  { id = "Tovarnik", country = "HR", kind = "border_area", lat = 45.16, lon = 19.15 },
  { id = "Cetingrad", country = "HR", kind = "border_area", lat = 45.15, lon = 15.72 },
  { id = "Zagreb", country = "HR", kind = "city", lat = 45.81, lon = 15.98 },
  { id = "Zagreb_reception", name = "Zagreb (Porin reception centre)", country = "HR", kind = "reception",
    lat = 45.80, lon = 16.00 },
  { id = "Novo_mesto", name = "Novo mesto", country = "SI", kind = "border_area", lat = 45.80, lon = 15.17 },
  { id = "Koper", country = "SI", kind = "border_area", lat = 45.55, lon = 13.73 },
  { id = "Ljubljana", country = "SI", kind = "city", lat = 46.06, lon = 14.51 },
  { id = "Ljubljana_reception", name = "Ljubljana (asylum home)", country = "SI", kind = "reception",
    lat = 46.04, lon = 14.47 },
  { id = "Vienna", country = "AT", kind = "destination", lat = 48.21, lon = 16.37 },
  { id = "Trieste", country = "IT", kind = "destination", lat = 45.65, lon = 13.78 },
  { id = "Munich", country = "DE", kind = "destination", lat = 48.14, lon = 11.58 },
  { id = "Brussels", country = "BE", kind = "destination", lat = 50.85, lon = 4.35 },
  { id = "Zurich", country = "CH", kind = "destination", lat = 47.37, lon = 8.54 },
  { id = "Paris", country = "FR", kind = "destination", lat = 48.86, lon = 2.35 },
}

-- Routes: road distances; days fixed where the crossing is on foot or waits on
-- smugglers (ASSUMED from reportage, S115 and S126: under two weeks in Una-Sana).
-- `both = true` on the roads to the staging points at a border: people pushed back
-- there can turn round and try another border instead of the same one again.
M.routes = {
  { from = "Istanbul", to = "Edirne", mode = "road", km = 240, both = true },
  { from = "Istanbul", to = "Izmir", mode = "road", km = 480 },
  { from = "Izmir", to = "Lesvos", mode = "sea", km = 100, days = 1 },
  { from = "Lesvos", to = "Athens", mode = "sea", km = 350, days = 2 },
  { from = "Athens", to = "Thessaloniki", mode = "road", km = 500 },
  { from = "Edirne", to = "Thessaloniki", mode = "foot", km = 350, days = 6 },
  { from = "Edirne", to = "Sofia", mode = "foot", km = 300, days = 6 },
  { from = "Thessaloniki", to = "Gevgelija", mode = "foot", km = 80, days = 2 },
  { from = "Gevgelija", to = "Tabanovce", mode = "road", km = 180, days = 3 },
  { from = "Tabanovce", to = "Presevo", mode = "foot", km = 15, days = 1 },
  { from = "Presevo", to = "Belgrade", mode = "road", km = 380 },
  { from = "Sofia", to = "Pirot", mode = "foot", km = 110, days = 3 },
  { from = "Pirot", to = "Belgrade", mode = "road", km = 310 },
  { from = "Belgrade_airport", to = "Belgrade", mode = "road", km = 18 },
  { from = "Belgrade", to = "Subotica", mode = "road", km = 190, both = true },
  { from = "Subotica", to = "Szeged", mode = "foot", km = 45, days = 1 },
  { from = "Szeged", to = "Budapest", mode = "road", km = 170 },
  { from = "Budapest", to = "Vienna", mode = "road", km = 245 },
  { from = "Belgrade", to = "Kikinda", mode = "road", km = 130, both = true },
  { from = "Kikinda", to = "Timisoara", mode = "foot", km = 70, days = 2 },
  { from = "Timisoara", to = "Budapest", mode = "road", km = 300 },
  { from = "Belgrade", to = "Sid", mode = "road", km = 120, both = true },
  { from = "Sid", to = "Tovarnik", mode = "foot", km = 10, days = 1 },
  { from = "Tovarnik", to = "Zagreb", mode = "road", km = 270 },
  { from = "Belgrade", to = "Loznica", mode = "road", km = 140, both = true },
  { from = "Loznica", to = "Sarajevo", mode = "road", km = 190, days = 3 },
  { from = "Sarajevo", to = "Bihac", mode = "road", km = 310, days = 2, both = true },
  { from = "Bihac", to = "Cetingrad", mode = "foot", km = 40, days = 3 },
  { from = "Cetingrad", to = "Zagreb", mode = "road", km = 110 },
  { from = "Cetingrad", to = "Koper", mode = "foot", km = 200, days = 6 },
  { from = "Zagreb_reception", to = "Zagreb", mode = "road", km = 5 },
  { from = "Zagreb", to = "Novo_mesto", mode = "foot", km = 80, days = 3 },
  { from = "Novo_mesto", to = "Ljubljana", mode = "road", km = 70 },
  { from = "Ljubljana_reception", to = "Ljubljana", mode = "road", km = 5 },
  { from = "Koper", to = "Trieste", mode = "road", km = 20 },
  { from = "Ljubljana", to = "Trieste", mode = "road", km = 95 },
  { from = "Ljubljana", to = "Vienna", mode = "road", km = 380 },
  { from = "Vienna", to = "Munich", mode = "road", km = 435 },
  { from = "Vienna", to = "Zurich", mode = "road", km = 750 },
  { from = "Munich", to = "Zurich", mode = "road", km = 310 },
  { from = "Munich", to = "Brussels", mode = "road", km = 800 },
  { from = "Munich", to = "Paris", mode = "road", km = 830 },
  { from = "Trieste", to = "Paris", mode = "road", km = 1100 },
}

-- Border police. detection_prob is per attempt; the shares split detections into
-- pushback (back to the near side), registration (to reception), and detention.
-- frontex = true: counted in Frontex's Western Balkans series (detections at the
-- EU's borders with Western Balkan countries; docs/model.md, observation model).
-- Detection probabilities and shares are ASSUMED: no published per-attempt rates
-- exist (docs/model.md gives the reasoning for each). Hungary pushes back nearly
-- everyone it detects (S100-S102); Serbia registers arrivals at Presevo and Pirot
-- (S150, S151); Slovenia registers most of those it apprehends (S64).
M.borders = {
  { from = "TR", to = "GR", detection_prob = 0.40, pushback_share = 0.80, registration_share = 0.20,
    smuggling_price = 1000 },
  { from = "TR", to = "BG", detection_prob = 0.40, pushback_share = 0.90, registration_share = 0.10,
    smuggling_price = 350 },
  { from = "GR", to = "MK", detection_prob = 0.30, pushback_share = 0.90, registration_share = 0.00,
    smuggling_price = 350 },
  { from = "MK", to = "RS", detection_prob = 0.10, pushback_share = 0.10, registration_share = 0.90,
    reception = "Presevo", smuggling_price = 350 },
  { from = "BG", to = "RS", detection_prob = 0.10, pushback_share = 0.10, registration_share = 0.90,
    reception = "Pirot", smuggling_price = 350 },
  { from = "RS", to = "BA", detection_prob = 0.05, pushback_share = 0.50, registration_share = 0.00,
    smuggling_price = 250 },
  { from = "RS", to = "HU", detection_prob = 0.60, pushback_share = 0.97, registration_share = 0.00,
    frontex = true, smuggling_price = 1800 },
  { from = "RS", to = "RO", detection_prob = 0.35, pushback_share = 0.80, registration_share = 0.20,
    frontex = true, smuggling_price = 250 },
  { from = "RS", to = "HR", detection_prob = 0.40, pushback_share = 0.60, registration_share = 0.40,
    reception = "Zagreb_reception", frontex = true, smuggling_price = 1000 },
  { from = "BA", to = "HR", detection_prob = 0.40, pushback_share = 0.60, registration_share = 0.40,
    reception = "Zagreb_reception", frontex = true, smuggling_price = 500 },
  { from = "HR", to = "SI", detection_prob = 0.50, pushback_share = 0.05, registration_share = 0.95,
    reception = "Ljubljana_reception", smuggling_price = 300 },
}

-- Smuggling prices per person per segment (smuggling_price above, EUR), from
-- data/smuggling_prices.csv: TR-GR the Turkish coast to the Greek islands, EUR 1,000
-- (S124); RS-HU Serbia to Hungary over the fence, EUR 1,800 (S129); RS-HR Serbia to
-- Croatia by raft on the Danube, EUR 1,000 (S127); BA-HR the critical points out of
-- Una-Sana, EUR 500 (S125); HR-SI Croatia to Slovenia, from EUR 300 (S79); RS-RO and
-- RS-BA a 2022 Burundian's EUR 250 a border out of Serbia (S121); the rest (TR-BG,
-- GR-MK, MK-RS, BG-RS) the generic EUR 200-500 a border, midpoint 350 (S80).
--
-- Smuggling groups: the structure is ASSUMED from GI-TOC's map of the market (S120:
-- an entry zone at Gevgelija, an exit zone on Serbia's borders with Hungary and
-- Romania, Una-Sana in Bosnia) and from police cases of groups working across
-- several borders (S127: Serbia-Croatia and Bosnia-Italy; S134: Croatia to Slovenia
-- and Italy). Capacities (persons a day, all segments of a group together) are
-- ASSUMED: about half of each segment's mean 2022 crossing attempts in the model,
-- so that places run short at the peaks. docs/model.md lists every value.
M.groups = {
  { id = "TR-Aegean-1", base = "TR", borders = { "TR-GR" }, capacity = 70 },
  { id = "TR-Aegean-2", base = "TR", borders = { "TR-GR" }, capacity = 70 },
  { id = "TR-Evros-1", base = "TR", borders = { "TR-BG" }, capacity = 170 },
  { id = "TR-Evros-2", base = "TR", borders = { "TR-BG" }, capacity = 170 },
  { id = "MK-Gevgelija-1", base = "MK", borders = { "GR-MK", "MK-RS" }, capacity = 100 },
  { id = "MK-Gevgelija-2", base = "MK", borders = { "GR-MK", "MK-RS" }, capacity = 100 },
  { id = "BG-Sofia", base = "BG", borders = { "BG-RS" }, capacity = 220 },
  { id = "RS-Subotica-1", base = "RS", borders = { "RS-HU", "RS-RO" }, capacity = 150 },
  { id = "RS-Subotica-2", base = "RS", borders = { "RS-HU", "RS-RO" }, capacity = 150 },
  { id = "RS-Sid", base = "RS", borders = { "RS-HR", "RS-BA" }, capacity = 60 },
  { id = "RS-Belgrade", base = "RS", borders = { "RS-HU", "RS-HR", "HR-SI" }, capacity = 80 },
  { id = "BA-UnaSana-1", base = "BA", borders = { "BA-HR", "HR-SI" }, capacity = 30 },
  { id = "BA-UnaSana-2", base = "BA", borders = { "BA-HR", "HR-SI" }, capacity = 30 },
  { id = "HR-Zagreb", base = "HR", borders = { "HR-SI" }, capacity = 40 },
}

-- The countries whose police directors general met in Portoroz on 2022-11-18 to set
-- up contact points for the immediate exchange of operational data on smuggling
-- groups: Slovenia (host), Austria, Italy, Croatia, Hungary and the Western Balkans
-- (data/visa_changes.csv row "Slovenia-led police network"; S60, S61, S78). Of
-- those, the ones in this world:
M.portoroz_members = { "SI", "AT", "IT", "HR", "HU", "RS", "BA", "MK" }

-- Destination preferences: 2022 first-instance asylum applicants by citizenship
-- in AT, BE, CH, DE, FR, IT (S02, data/asylum_eurostat.csv), a proxy for where
-- people on this route head (it also counts people who came by other routes).
M.destinations = {
  SYR = { Vienna = 19745, Brussels = 3490, Zurich = 1250, Munich = 72615, Paris = 2315, Trieste = 485 },
  AFG = { Vienna = 25035, Brussels = 6155, Zurich = 7055, Munich = 41435, Paris = 23755, Trieste = 2110 },
  TUR = { Vienna = 5290, Brussels = 1715, Zurich = 4790, Munich = 25035, Paris = 11420, Trieste = 1185 },
  PAK = { Vienna = 7985, Brussels = 175, Zurich = 105, Munich = 2050, Paris = 5075, Trieste = 11870 },
  MAR = { Vienna = 8700, Brussels = 270, Zurich = 525, Munich = 1180, Paris = 685, Trieste = 2860 },
  BGD = { Vienna = 1125, Brussels = 30, Zurich = 15, Munich = 110, Paris = 11295, Trieste = 14840 },
  IND = { Vienna = 20045, Brussels = 30, Zurich = 35, Munich = 760, Paris = 640, Trieste = 545 },
  BDI = { Vienna = 80, Brussels = 2735, Zurich = 1195, Munich = 530, Paris = 400 },
  CUB = { Vienna = 25, Brussels = 25, Zurich = 65, Munich = 185, Paris = 375, Trieste = 250 },
  TUN = { Vienna = 13125, Brussels = 145, Zurich = 400, Munich = 1380, Paris = 700, Trieste = 5515 },
}

-- Who may fly to Belgrade without a visa at the start of 2022 (data/visa_changes.csv:
-- Burundi since 2018-05 (S42, S51); India, Cuba, Tunisia and Turkey visa-free in 2022
-- (S40, S43, S45); the others need a visa).
M.serbia_visa_free_2022 = { "TUR", "IND", "BDI", "CUB", "TUN" }

-- Entry channels. `air_BEG` needs visa-free entry to Serbia; `overland` reaches
-- Istanbul and continues on foot. Weights (the share that prefers each channel)
-- are ASSUMED: for the four visa-free groups most came by air (S21, S54: about
-- 40% of Austria's 2022 asylum seekers had entered Serbia visa-free).
-- (The overland channel flies to Istanbul, which needs no Serbian visa, and
-- goes on by land; a channel's mode is descriptive, its days are what count.)
local function air_and_overland(origin_days, air_weight)
  return {
    { name = "air_BEG", to = "Belgrade_airport", mode = "air", days = 2, visa = "RS",
      weight = air_weight, cost = 700 },
    { name = "overland", to = "Istanbul", mode = "air", days = origin_days,
      weight = 1 - air_weight, cost = 500 },
  }
end

M.air_and_overland = air_and_overland

-- Money (EUR a person brings for the journey, log-normal): Afghanistan to Western
-- Europe costs about USD 10,000 and Pakistan USD 3,000-8,000 (S130, UNODC 2018),
-- converted at the ECB's 2017 average of USD 1.1297 a euro (means 8,900 and 4,900;
-- the spreads are ASSUMED). The other groups keep the default mean 3,000, sd 1,500
-- (ASSUMED: no published budget).
M.nationalities = {
  { code = "SYR", name = "Syria", origin = "Damascus",
    channels = { { name = "overland", to = "Istanbul", mode = "road", days = 10, cost = 300 } } },
  { code = "AFG", name = "Afghanistan", origin = "Kabul", money = { mean = 8900, sd = 3000 },
    channels = { { name = "overland", to = "Istanbul", mode = "foot", days = 30, cost = 1500 } } },
  { code = "PAK", name = "Pakistan", origin = "Islamabad", money = { mean = 4900, sd = 2000 },
    channels = { { name = "overland", to = "Istanbul", mode = "foot", days = 30, cost = 1500 } } },
  { code = "MAR", name = "Morocco", origin = "Casablanca",
    channels = { { name = "overland", to = "Istanbul", mode = "air", days = 1, cost = 400 } } },
  { code = "BGD", name = "Bangladesh", origin = "Dhaka",
    channels = { { name = "overland", to = "Istanbul", mode = "air", days = 2, cost = 600 } } },
  { code = "TUR", name = "Turkey", origin = "Ankara", channels = air_and_overland(1, 0.8) },
  { code = "IND", name = "India", origin = "Delhi", channels = air_and_overland(2, 0.9) },
  { code = "BDI", name = "Burundi", origin = "Bujumbura", channels = air_and_overland(2, 0.9) },
  { code = "CUB", name = "Cuba", origin = "Havana", channels = air_and_overland(2, 0.9) },
  { code = "TUN", name = "Tunisia", origin = "Tunis", channels = air_and_overland(1, 0.9) },
}

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

-- Build the world; `demand` maps a nationality code to its demand (see
-- nationality{} in docs/scenario-api.md). `opts` (optional) extends or replaces
-- parts for other worlds built on the same network (migsim.wb_long):
--   countries, locations: more of each, added after this module's own;
--   nationalities, destinations: replace M.nationalities and M.destinations;
--   visa_free: the nationalities visa-free in Serbia when the run starts
--   (default M.serbia_visa_free_2022); air_groups: the groups with an air channel
--   whose closure displaces 20% (default the same list).
-- Returns nothing.
function M.build(demand, opts)
  opts = opts or {}
  for _, c in ipairs(M.countries) do country(c) end
  for _, c in ipairs(opts.countries or {}) do country(c) end
  for _, l in ipairs(M.locations) do location(l) end
  for _, l in ipairs(opts.locations or {}) do location(l) end
  for _, r in ipairs(M.routes) do route(r) end
  for _, b in ipairs(M.borders) do border(b) end
  for _, g in ipairs(M.groups) do smuggling_group(g) end
  local destinations = opts.destinations or M.destinations
  for _, n in ipairs(opts.nationalities or M.nationalities) do
    local spec = copy(n)
    spec.destinations = destinations[n.code]
    spec.demand = demand[n.code] or 0
    -- The fixed displacement share, not the channel choice model (docs/model.md,
    -- Channel choice), for every group until the choice model is calibrated here;
    -- opts.choice = true puts every group on the choice model (migsim.wb_long).
    if spec.displacement == nil then spec.displacement = opts.choice and -1 or 0.2 end
    nationality(spec)
  end
  local visa_free = opts.visa_free or M.serbia_visa_free_2022
  if #visa_free > 0 then
    visa { country = "RS", nationality = visa_free, free = true }
  end

  -- Switzerland is outside the EU, but people arriving there apply for asylum too.
  set("country.CH.asylum_prob", 1)

  -- How strongly people prefer short routes: calibrated so that the share of the
  -- flow through Croatia and Slovenia matches Slovenian police counts. Detections
  -- at HR-SI in Jan-Sep 2022 are 16% of the Frontex series, between the two
  -- published vintages 15,590 (S65) and 18,430 (S72) against 106,067 (S01).
  set("route_km_scale", 450)

  -- Behavioural assumptions for the visa-free groups (docs/model.md): when the
  -- preferred air channel closes, 20% take the overland channel instead
  -- (displacement) and the rest stay home (deterrence); between the announcement
  -- and the date a change takes effect, departures through the closing channel
  -- run at 1.5 times their usual rate (the rush before a deadline). Neither
  -- figure is published: both are ASSUMED and varied in docs/validation.md.
  for _, code in ipairs(opts.air_groups or M.serbia_visa_free_2022) do
    if not opts.choice then set("nationality." .. code .. ".displacement", 0.2) end
    set("nationality." .. code .. ".rush", 1.5)
  end
end

return M
