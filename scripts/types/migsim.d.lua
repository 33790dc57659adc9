---@meta _
---@diagnostic disable: lowercase-global, unused-local, duplicate-set-field, missing-return
-- migsim scenario API: definitions for lua-language-server (LuaLS, "sumneko lua").
--
-- This file is for editors only. It declares the globals a scenario can call, the
-- tables they take and the indicator table hooks receive, with types and short docs;
-- it holds no code that migsim runs. Files under scripts/types/ are not compiled into
-- the binary (cmake/embed.cmake leaves them out), so `require` never finds them.
-- Setup: docs/editor.md. Reference: docs/scenario-api.md (this file follows it and
-- sim/lua/lua_api.c, sim/lua/lua_host.c; tests/docs/check_types.py checks that they agree).

-- ---------------------------------------------------------------------------
-- Basic types
-- ---------------------------------------------------------------------------

---A date, `"YYYY-MM-DD"` (years 1900 to 2200, a real calendar date).
---@alias migsim.Date string

---A month, `"YYYY-MM"` (demand series).
---@alias migsim.Month string

---ISO 3166 alpha-2 country code: exactly two capital letters (`"RS"`). Not checked against the ISO list.
---@alias migsim.CountryCode string

---ISO 3166 alpha-3 nationality code: exactly three capital letters (`"IND"`).
---@alias migsim.NationalityCode string

---A location id: 1 to 31 characters, no `.`, `"`, `\` or control characters.
---@alias migsim.LocationId string

---A border segment name `"FROM-TO"` (`"RS-HU"`: entering Hungary from Serbia).
---@alias migsim.BorderName string

---Kind of a location. It sets the default daily move-on probability (`move_prob.<kind>`) and nothing else.
---@alias migsim.LocationKind
---| "origin"      # where a group starts (default move_prob 1)
---| "airport"     # default move_prob 1
---| "city"        # the default kind (move_prob 0.35)
---| "border_area" # staging point before a crossing (move_prob 0.25)
---| "reception"   # where registered persons are taken (move_prob 0.35)
---| "destination" # where journeys end (move_prob 0.5)

---Travel mode of a route or a channel. Sets the speed of routes without fixed `days` (`speed.<mode>`).
---@alias migsim.Mode
---| "air"   # 5000 km/day
---| "road"  # 400 km/day (the default for routes)
---| "foot"  # 25 km/day
---| "sea"   # 150 km/day
---| "river" # 40 km/day

---A parameter key for `set`, `get`, `parameters()` and `--set` (docs/scenario-api.md, Parameter keys).
---The global keys are listed; the others are built from names in the world:
---`border.<FROM-TO>.closed|detection_prob|pushback_share|registration_share|smuggling_price`,
---`country.<CC>.abscond_prob|asylum_prob`, `location.<id>.capacity|move_prob`,
---`nationality.<NAT>.departure_multiplier|displacement|money_mean|money_sd|rush`,
---`nationality.<NAT>.projection.persistence|sigma` (groups with a demand projection),
---`channel.<NAT>.<name>.cost|days|open|weight`.
---@alias migsim.ParamKey
---| "agent_weight"       # persons per agent, [1e-6, 1e9]; fixed once the run starts
---| "choice.stay"        # utility of staying home when the preferred channel is lost, log-odds, [-20, 20]
---| "choice.cost"        # log-odds per 1000 EUR of an alternative's extra expected cost, [0, 100]
---| "choice.days"        # log-odds per 10 days of an alternative's extra expected travel, [0, 100]
---| "closure.give_up"    # P(go home rather than reroute) when patience at a closed border ends, [0, 1]
---| "closure.wait_days"  # mean patience at a closed border, days waited at that place, [0, 3650]
---| "demand.uncertainty" # multiplies every demand projection's sigma, [0, 100]; 0 = deterministic
---| "give_up_prob"       # probability of going home after a pushback, [0, 1]
---| "risk_aversion"      # weight of perceived detection risk in next-hop choice, [0, 1000]
---| "risk_memory"        # weight of the previous perceived risk when it is updated, [0, 1]
---| "route_km_scale"     # detour (km) that divides a next hop's odds by e, [0.001, 1e9]
---| "move_prob.origin"
---| "move_prob.airport"
---| "move_prob.city"
---| "move_prob.border_area"
---| "move_prob.reception"
---| "move_prob.destination"
---| "speed.air"
---| "speed.road"
---| "speed.foot"
---| "speed.sea"
---| "speed.river"
---| "network.delay_days"           # days before a report reaches the other network members, whole, [0, 365]
---| "smuggling.price_elasticity"   # price ~ (reference capacity / active capacity)^e, [0, 10]
---| "smuggling.wait_if_full"       # P(wait a day rather than go alone) when every affordable group is full, [0, 1]
---| "smuggling.arrest_rate"        # smugglers arrested per smuggled person detected, [0, 1]
---| "smuggling.intel_per_detection" # intelligence units per smuggled person detected
---| "smuggling.intel_half_life"    # days
---| "smuggling.threshold"          # intelligence units that dismantle a group
---| "smuggling.replacement_days"   # mean days before a vacant market is taken over (no unmet demand)
---| "smuggling.replacement_min_days" # least mean days before it is taken over, however high unmet demand
---| "smuggling.exploitation_rate"  # daily P(a vulnerable client is exploited), [0, 1]
---| "smuggling.vulnerable_money"   # EUR: a client with less is vulnerable
---| "smuggling.vulnerable_days"    # a client waiting this long in one place is vulnerable
---| "smuggling.release_prob"       # daily P(exploitation ends) while the group is active, [0, 1]
---| string

-- ---------------------------------------------------------------------------
-- Builder tables
-- ---------------------------------------------------------------------------

---`scenario{}`: name and dates of the run. Each call changes only the keys it gives.
---@class (exact) migsim.ScenarioSpec
---@field name? string Run name (at most 63 characters kept); default: the file name up to its first `.`
---@field start? migsim.Date First reported day; default `"2022-01-01"`
---@field stop? migsim.Date Last simulated and reported day, inclusive; default `"2022-12-31"`
---@field warmup_from? migsim.Date Simulation starts here; days before `start` are simulated but not reported; default `start`
---@field agent_weight? number Persons per agent, [1e-6, 1e9]; default 1

---`country{}`: a country.
---@class (exact) migsim.CountrySpec
---@field code migsim.CountryCode ISO alpha-2, unique
---@field name? string Default `code`; at most 31 characters kept
---@field eu? boolean Default false; recorded, and sets the default of `asylum_prob`
---@field schengen? boolean Default: the value of `eu`; recorded only
---@field abscond_prob? number [0, 1], default 0.2: daily probability that a person in reception here leaves it
---@field asylum_prob? number [0, 1], default 1 if `eu` else 0: share of arrivals here who apply for asylum

---`location{}`: a place on the network.
---@class (exact) migsim.LocationSpec
---@field id migsim.LocationId Unique id
---@field name? string Default `id`; at most 63 characters kept
---@field country migsim.CountryCode A country already defined
---@field kind? migsim.LocationKind Default `"city"`
---@field lat? number Degrees, [-90, 90]; recorded, not used by the model
---@field lon? number Degrees, [-180, 180]; recorded, not used by the model
---@field capacity? number Persons, [0, 1e12]; 0 = unlimited. Not enforced
---@field move_prob? number [-1, 1]; daily move-on probability; negative = `move_prob.<kind>` (default -1)

---`route{}`: a directed route between two locations.
---@class (exact) migsim.RouteSpec
---@field from migsim.LocationId Location id
---@field to migsim.LocationId Location id, different from `from`
---@field mode? migsim.Mode Default `"road"`
---@field km number > 0; used for route choice and, without `days`, travel time
---@field days? number [0, 365]; 0 (default) = `max(1, ceil(km / speed.<mode>))`
---@field both? boolean Also add the reverse route (default false)

---`border{}`: the crossing from country `from` into country `to` (segment `"FROM-TO"`).
---Calling it again for the same pair updates the segment; omitted keys keep their values.
---@class (exact) migsim.BorderSpec
---@field from migsim.CountryCode Country left
---@field to migsim.CountryCode Country entered
---@field detection_prob? number [0, 1], default 0: probability that one crossing attempt is detected
---@field pushback_share? number [0, 1], default 1: share of detections pushed back
---@field registration_share? number [0, 1], default 0: share of detections taken to reception; with pushback_share at most 1
---@field reception? migsim.LocationId A location in `to` where registered persons are taken; default: the far end of the route
---@field frontex? boolean Detections here count in `frontex_detections` (default false)
---@field smuggling_price? number EUR a smuggling group charges a person here at reference supply; 0 (default) = no market, and no group may serve the segment

---Monthly demand series: `per_day[1]` persons a day during month `start`, `per_day[2]` the next month, ...
---Before `start` demand is 0; after the last month the last value holds, unless `projection` is given.
---@class (exact) migsim.DemandSeries
---@field start migsim.Month First month
---@field per_day number[] 1 to 10,000 values, each >= 0, persons per day
---@field projection? migsim.DemandProjection Demand after the last month, drawn by each run from its seed

---Demand after the series' last month T (docs/model.md, Demand projection): log D_t = log(level) + log(season[month])
---+ drift (t - T) + x_t, x_t = persistence x_(t-1) + sigma × demand.uncertainty × N(0, 1), starting from the last value.
---@class (exact) migsim.DemandProjection
---@field level number > 0 persons per day: the level the path returns to
---@field season? number[] 12 multipliers > 0, January to December (default all 1)
---@field persistence number [0, 1]: 1 = a seasonal random walk from the last month, 0 = independent around level × season
---@field sigma number [0, 10]: sd of the monthly shock, log scale
---@field drift? number [-1, 1], log per month (default 0)

---Money each person carries: log-normal with this mean and standard deviation (EUR).
---@class (exact) migsim.Money
---@field mean? number [1, 1e7], default 3000
---@field sd? number [0, 1e7], default 1500

---An entry channel of a nationality group: how its members reach the route.
---@class (exact) migsim.ChannelSpec
---@field name string Id, unique within the group
---@field to migsim.LocationId Entry location: where the person appears on the route
---@field mode? migsim.Mode Default `"air"`; recorded, not used by the model
---@field days? number [0, 365], default 1: days from departure to the entry location
---@field visa? migsim.CountryCode Usable only while the group is visa-free in this country
---@field weight? number [0, 1e9], default 1: share of the group that prefers this channel
---@field cost? number EUR, [0, 1e7], default 0; recorded, not used yet
---@field open? boolean Default true; false = closed at the origin side

---`nationality{}`: a group of would-be migrants of one nationality.
---@class (exact) migsim.NationalitySpec
---@field code migsim.NationalityCode ISO alpha-3, unique; at most 64 groups
---@field name? string Default `code`; at most 31 characters kept
---@field origin migsim.LocationId A location id (recorded; agents appear at a channel's entry location)
---@field demand? number|migsim.DemandSeries Persons per day: a number for every date, or a monthly series; none = nobody leaves
---@field money? migsim.Money Default `{ mean = 3000, sd = 1500 }`
---@field displacement? number [-1, 1], default -1: P(another usable channel | preferred one unusable); negative = the channel choice model (choice.*)
---@field rush? number [0, 100], default 1: departure multiplier through a channel announced to close
---@field departure_multiplier? number [0, 1e6], default 1: multiplies demand
---@field destinations table<migsim.LocationId, number> `{ location_id = weight }`, weights >= 0, at most 32 (checked after loading)
---@field channels migsim.ChannelSpec[] 1 to 8 entry channels (checked after loading)

---`visa{}`: set the visa regime now.
---@class (exact) migsim.VisaSpec
---@field country migsim.CountryCode A defined country
---@field nationality migsim.NationalityCode|migsim.NationalityCode[] One code or a list of codes
---@field free boolean true: may enter `country` without a visa

---`visa_change{}`: a scheduled change of the visa regime.
---@class (exact) migsim.VisaChangeSpec
---@field country migsim.CountryCode A defined country
---@field nationality migsim.NationalityCode|migsim.NationalityCode[] One code or a list of codes
---@field free boolean true: lifts visas; false: requires them
---@field date migsim.Date The day it takes effect (before that day's departures)
---@field announced? migsim.Date Only with `free = false`: from this day to the day before `date`, departures through the closing channels are multiplied by the group's `rush`
---@field label? string Logged on `date`; default `visa_change: CC lifts visas` / `... requires visas`

---`smuggling_group{}`: an organised criminal group selling crossings of border segments.
---@class (exact) migsim.SmugglingGroupSpec
---@field id string Unique id (no '.', ':', '>' or quotes); its parameters are `group.<id>.*`
---@field base migsim.CountryCode The country it is run from (its police can dismantle it too)
---@field borders string|string[] The segments it serves, "FROM-TO" (1 to 8); each needs a smuggling_price
---@field capacity? number Persons a day it can take across, all segments together, [0, 1e9], default 10
---@field price_factor? number Its price relative to the segment's smuggling_price, [0.001, 1000], default 1
---@field skill? number [0, 1], default 0.5: a crossing with it is detected with probability detection_prob x (1 - skill)
---@field members? number Persons arrested when it is dismantled, whole, default 10

---`network{}`: the police data-exchange network (contact points). Give `members`, or `join`/`leave`, and/or `delay_days`.
---@class (exact) migsim.NetworkSpec
---@field members? migsim.CountryCode|migsim.CountryCode[] The whole membership (others leave)
---@field join? migsim.CountryCode|migsim.CountryCode[] Countries that join
---@field leave? migsim.CountryCode|migsim.CountryCode[] Countries that leave
---@field delay_days? integer Days before a report reaches the other members, [0, 365]; 0 = immediate exchange
---@field label? string Logged when called from a hook (default: the members and the delay)

---`operation{}`: an anti-smuggling operation in one country from a date. Give at least one of intel, intel_per_day, threshold_factor.
---@class (exact) migsim.OperationSpec
---@field country migsim.CountryCode Where it runs
---@field from migsim.Date First day
---@field days? integer How long it lasts, default 1
---@field intel? number Intelligence units gained on the first day on every group operating in the country
---@field intel_per_day? number Units gained each day it lasts on every such group
---@field threshold_factor? number (0, 1]: multiplies the dismantling threshold in the country while it lasts
---@field label? string Prefix of the logged start and end events

---`origin_measure{}`: development aid, an exit ban or another measure at the origin.
---@class (exact) migsim.OriginMeasureSpec
---@field nationality migsim.NationalityCode|migsim.NationalityCode[] One code or a list of codes
---@field from migsim.Date The date of the measure
---@field factor number [0, 1e6]: departures move to this multiple of their level (0 = nobody leaves)
---@field lag_days? integer Days from `from` before it starts to act, default 0
---@field ramp_days? integer Days over which it moves linearly to `factor`, default 0 (at once)
---@field label? string Prefix of the event logged when it starts to act

---`during{}`: parameters changed for a while, restored by themselves (docs/scenario-api.md, For a while).
---@class (exact) migsim.DuringSpec
---@field from migsim.Date First day of the window (inside the run)
---@field to migsim.Date Last day of the window (inside the run, not before `from`); restored on the day after
---@field set table<migsim.ParamKey, number|boolean> The parameters and their values in the window
---@field label? string Prefix of the logged events

---`close_border{}`: a border segment closed for a while (during{} on `border.<FROM-TO>.closed`).
---@class (exact) migsim.CloseBorderSpec
---@field border string The segment, "FROM-TO" (e.g. "RS-HU")
---@field from migsim.Date First closed day (inside the run)
---@field to migsim.Date Last closed day (inside the run); it reopens the day after
---@field label? string Prefix of the logged events

-- ---------------------------------------------------------------------------
-- The indicator table (when/on_day hooks)
-- ---------------------------------------------------------------------------

---Counts in persons (agents x agent_weight, so floats).
---@class migsim.Counts
---@field departures number Persons who set out (through any channel)
---@field deterred number Would-be migrants who stayed home: preferred channel unusable and did not switch to another, or no destination reachable
---@field switched_channel number Persons who left through another channel because the preferred one was unusable (not forced displacement)
---@field attempts number Border crossing attempts, all segments (including open internal ones)
---@field detections number Detected attempts, all segments
---@field frontex_detections number Detected attempts at segments flagged `frontex = true`
---@field pushbacks number Detections pushed back
---@field registrations number Detections taken to reception
---@field detained number Detections detained (journey ends)
---@field arrivals number Persons reaching their destination
---@field asylum_applications number Arrivals who applied for asylum
---@field returned number Persons who went home after a pushback
---@field persons_detected number Persons detected for the first time (at any segment)

---Yesterday's counts, plus the stocks at the end of yesterday (all 0 on day 0).
---@class migsim.LastCounts: migsim.Counts
---@field stock number Persons waiting or in reception at any location
---@field in_transit number Persons on a route or an entry channel

---Yesterday's counts at one border segment, in persons.
---@class migsim.BorderCounts
---@field attempts number Crossing attempts
---@field detections number Detected attempts
---@field pushbacks number Detections pushed back
---@field registrations number Detections taken to reception

---What `when` predicates and actions and `on_day` hooks receive, built at the start of the day
---from the days already simulated. Hooks run before today's departures: they see yesterday.
---Strict: reading a field it (or a sub-table) does not have is an error naming the field.
---@class migsim.Indicators
---@field date migsim.Date The day being simulated
---@field day integer Its index from the start of the run (the warm-up start), 0 on the first day
---@field last migsim.LastCounts Yesterday's counts (all 0 on day 0)
---@field total migsim.Counts Counts summed from the first reported day to yesterday (during a warm-up, from its first day)
---@field last_by_nationality table<migsim.NationalityCode, migsim.Counts> Yesterday's counts of one group: `ind.last_by_nationality.IND.departures`
---@field last_by_border table<migsim.BorderName, migsim.BorderCounts> Yesterday at one segment: `ind.last_by_border["RS-HU"].detections`

-- ---------------------------------------------------------------------------
-- Builders (while the scenario loads only)
-- ---------------------------------------------------------------------------

---Name and dates of the run; may be called several times, each call changes only the keys it gives.
---Loading only.
---
---```lua
---scenario { name = "tiny", start = "2022-03-01", stop = "2022-03-31", agent_weight = 10 }
---```
---@param spec migsim.ScenarioSpec
function scenario(spec) end

---Declares the posterior sample (what `migsim calibrate` writes) whose parameter sets the
---scenario's replicates, comparisons and sweeps draw unless `--posterior FILE` or `--fixed`
---says otherwise; a single run never uses it. A relative path is from the scenario file's
---folder, else from migsim's data ($MIGSIM_DATADIR, BIN/../share/migsim, the source tree);
---`nil` or `false` takes a declaration back. Loading only.
---
---```lua
---default_posterior("data/posterior/wb2022.json")
---```
---@param path string|false|nil
function default_posterior(path) end

---Defines a country. Loading only.
---
---```lua
---country { code = "HU", name = "Hungary", eu = true, schengen = true }
---```
---@param spec migsim.CountrySpec
function country(spec) end

---Defines a location in a country already defined. Loading only.
---
---```lua
---location { id = "Sid", country = "RS", kind = "border_area", lat = 45.13, lon = 19.23 }
---```
---@param spec migsim.LocationSpec
function location(spec) end

---Adds a directed route (and its reverse with `both = true`). A route between two countries
---crosses the border segment `FROM-TO`. Loading only.
---
---```lua
---route { from = "Belgrade", to = "Subotica", mode = "road", km = 190, both = true }
---```
---@param spec migsim.RouteSpec
function route(spec) end

---Declares or retunes a border segment (keys left out keep their values). Loading only;
---during the run use `set("border.FROM-TO.detection_prob", p)`.
---
---```lua
---border { from = "RS", to = "HU", detection_prob = 0.6, pushback_share = 0.97, frontex = true }
---```
---@param spec migsim.BorderSpec
function border(spec) end

---Defines a nationality group: where it starts, its demand, money, destinations and entry
---channels. Loading only.
---@param spec migsim.NationalitySpec
function nationality(spec) end

---Values a scenario's hooks keep between days and want carried across a checkpoint
---(`migsim run --checkpoint-dir`, `migsim resume`): numbers, strings, booleans and tables of
---them. Every other Lua value is set again by running the file on resume.
---@type table<string|number|boolean, any>
carry = {}

---Defines a smuggling group. Loading only (its parameters can change later with `set`).
---
---```lua
---smuggling_group { id = "RS-Subotica", base = "RS", borders = { "RS-HU", "RS-RO" }, capacity = 150, skill = 0.5 }
---```
---@param spec migsim.SmugglingGroupSpec
function smuggling_group(spec) end

-- ---------------------------------------------------------------------------
-- Policy and parameters
-- ---------------------------------------------------------------------------

---Sets the visa regime now: while loading, the regime at the start; in a hook, a change on
---that day (logged). At the start no group is visa-free anywhere.
---
---```lua
---visa { country = "RS", nationality = { "IND", "TUN" }, free = true }
---```
---@param spec migsim.VisaSpec
function visa(spec) end

---Schedules a visa change on `date` (with an optional announcement and rush). Loading only;
---inside a hook call `visa{}`.
---
---```lua
---visa_change { country = "RS", nationality = "IND", free = false, date = "2023-01-01", announced = "2022-12-15" }
---```
---@param spec migsim.VisaChangeSpec
function visa_change(spec) end

---Sets the police data-exchange network: who has a contact point and how long a report
---takes to reach the others. While loading or from a hook (logged).
---
---```lua
---network { members = { "SI", "AT", "IT", "HR", "HU", "RS", "BA", "MK" }, delay_days = 0 }
---```
---@param spec migsim.NetworkSpec
function network(spec) end

---Schedules an anti-smuggling operation (start and end are logged). Loading only.
---
---```lua
---operation { country = "RS", from = "2022-11-01", days = 90, intel = 400, intel_per_day = 5, threshold_factor = 0.5 }
---```
---@param spec migsim.OperationSpec
function operation(spec) end

---Adds an origin measure: departures of the nationalities move to `factor` times their level,
---from `from` + `lag_days`, over `ramp_days`. Loading only.
---
---```lua
---origin_measure { nationality = { "PAK", "BGD" }, from = "2022-11-01", lag_days = 180, ramp_days = 365, factor = 0.8 }
---```
---@param spec migsim.OriginMeasureSpec
function origin_measure(spec) end

---Changes one parameter (checked against its range). During the run it is logged as
---`set KEY = VALUE` and applies from that day's departures on. `true`/`false` mean 1/0.
---
---```lua
---set("border.RS-HU.detection_prob", 0.8)
---```
---@param key migsim.ParamKey A dotted parameter key
---@param value number|boolean
function set(key, value) end

---The current value of a parameter (`location.<id>.move_prob` -1 = the kind's default).
---@param key migsim.ParamKey
---@return number
function get(key) end

---A new table of every parameter key and its current value (keys contain dots: index with brackets).
---@return table<string, number>
function parameters() end

---Changes parameters from `from` to `to` (both days included) and restores each by itself on
---the day after: to the value it had just before `from`, unless something else changed it
---meanwhile (that change is kept). Two windows may not change one parameter at overlapping
---times. Checked at load; kept in checkpoints. Loading only.
---
---```lua
---during { from = "2022-11-01", to = "2023-01-31", label = "reinforcement",
---         set = { ["border.RS-HU.detection_prob"] = 0.9 } }
---```
---@param spec migsim.DuringSpec
function during(spec) end

---Closes a border segment from `from` to `to` (both included) and reopens it the day after:
---nobody crosses; people who reach it wait, reroute or go home (`closure.*`). Loading only.
---
---```lua
---close_border { border = "RS-HU", from = "2022-11-01", to = "2023-01-31", label = "fence closed" }
---```
---@param spec migsim.CloseBorderSpec
function close_border(spec) end

---Closes an entry channel at the origin side (exit ban, carrier sanctions): sets
---`channel.<NAT>.<name>.open` to 0. Logged during the run.
---@param nationality migsim.NationalityCode
---@param name string Channel name
function close_channel(nationality, name) end

---Reopens an entry channel (sets `channel.<NAT>.<name>.open` to 1). Logged during the run.
---@param nationality migsim.NationalityCode
---@param name string Channel name
function open_channel(nationality, name) end

-- ---------------------------------------------------------------------------
-- Hooks (registered while loading; run at the start of a day, before departures)
-- ---------------------------------------------------------------------------

---Calls `fn()` at the start of `date` (inside the run, warm-up included), after logging `label`.
---Loading only.
---
---```lua
---at("2022-08-01", "Hungary reinforces the RS-HU border", function()
---  set("border.RS-HU.detection_prob", 0.8)
---end)
---```
---@param date migsim.Date
---@param label string Logged in `meta.events` (default `scheduled event (FILE:LINE:)`)
---@param fn fun()
---@overload fun(date: migsim.Date, fn: fun())
function at(date, label, fn) end

---Every day until it fires, calls `predicate(ind)`; the first day it returns a true value,
---logs `label` and calls `fn(ind)`. Fires at most once. Loading only.
---
---```lua
---when(function(d) return d.last_by_border["RS-HU"].detections > 800 end,
---     function(d) set("border.RS-HR.detection_prob", 0.5) end,
---     "Croatia reinforces")
---```
---@param predicate fun(ind: migsim.Indicators): any
---@param fn fun(ind: migsim.Indicators)
---@param label? string Logged when it fires (default `trigger (FILE:LINE:)`)
function when(predicate, fn, label) end

---Calls `fn(ind)` every day, after the `when` triggers. Loading only. A `set` inside is logged
---every time it is called: guard it.
---@param fn fun(ind: migsim.Indicators)
function on_day(fn) end

-- ---------------------------------------------------------------------------
-- Utilities
-- ---------------------------------------------------------------------------

---The typed fields of a scenario's own event (docs/scenario-api.md, Events).
---@class (exact) migsim.EventFacts
---@field type? string What it is: a lower-case word (a-z, 0-9, _), default "custom"
---@field country? string A country code of the world
---@field nationality? string A nationality code of the world
---@field channel? string One of `nationality`'s channels
---@field group? string A smuggling group
---@field key? string A parameter key
---@field old? number|boolean|string The value before
---@field new? number|boolean|string The value after

---Records `label` with today's date in `meta.events` and the summary, with type "custom" or
---the typed fields of `facts`. Run only (from a hook).
---@param label string
---@param facts? migsim.EventFacts
function event(label, facts) end

---The date being simulated, or nil while loading.
---@return migsim.Date|nil
function today() end

---migsim's `require`: a module compiled into the binary (`migsim.westbalkans`,
---`migsim.wb_world`, `migsim.wb_demand`, `migsim.wb_long`, `migsim.wb_long_demand`, `migsim.flee`), otherwise `NAME.lua` in the scenario's folder (dots
---become folder separators). Runs once per scenario; returns its value, or true.
---Names: letters, digits, `_` and `.` only.
---@param name string
---@return any
function require(name) end

---migsim's `print`: writes its arguments, tab-separated, to stderr (never to the JSON output).
---@param ... any
function print(...) end

-- ---------------------------------------------------------------------------
-- The default world: migsim.westbalkans, migsim.wb_world, migsim.wb_demand
-- (scripts/types/migsim.*.d.lua bind `require` to these classes)
-- ---------------------------------------------------------------------------

---One of Serbia's visa reintroductions (data/visa_changes.csv).
---@class migsim.wb.VisaChange
---@field nationality migsim.NationalityCode
---@field date migsim.Date
---@field announced? migsim.Date None: no rush
---@field sources string Source ids in data/sources.csv, `;`-separated

---`require "migsim.westbalkans"`: builds the Western Balkans world of 2022 with the calibrated
---demand and calls `scenario { name = "westbalkans", warmup_from = "2021-07-01",
---start = "2022-01-01", stop = "2023-09-30" }`.
---@class migsim.westbalkans
---@field world migsim.wb_world The `migsim.wb_world` module
---@field demand migsim.wb_demand The `migsim.wb_demand` module
---@field visa_changes migsim.wb.VisaChange[] Serbia's visa reintroductions; may be edited before `serbian_visa_changes()`
---@field serbian_visa_changes fun() Schedules every entry of `visa_changes` as `visa_change{ country = "RS", free = false, ... }`

---Everything `nationality{}` takes except `demand` and `destinations` (added by `build`).
---@class migsim.wb.Nationality
---@field code migsim.NationalityCode
---@field name string
---@field origin migsim.LocationId
---@field channels migsim.ChannelSpec[]

---`require "migsim.wb_world"`: the network of the default world as data, and its builder.
---@class migsim.wb_world
---@field countries migsim.CountrySpec[]
---@field locations migsim.LocationSpec[]
---@field routes migsim.RouteSpec[]
---@field borders migsim.BorderSpec[]
---@field destinations table<migsim.NationalityCode, table<migsim.LocationId, number>> Destination weights by group
---@field nationalities migsim.wb.Nationality[]
---@field serbia_visa_free_2022 migsim.NationalityCode[] Visa-free in Serbia at the start of 2022
---@field groups migsim.SmugglingGroupSpec[] The smuggling groups of the default world
---@field portoroz_members migsim.CountryCode[] The countries of this world at the Portoroz meeting (2022-11-18)
---@field air_and_overland fun(origin_days: number, air_weight: number): migsim.ChannelSpec[] The two channels of a visa-free group: by air to Belgrade (needs Serbia's visa-free entry) or to Istanbul and on by land
---@field build fun(demand: table<migsim.NationalityCode, number|migsim.DemandSeries>, opts?: migsim.wb.BuildOptions) Defines the whole world with this demand (a missing code gets 0); call once; does not call `scenario{}`

---Options of `migsim.wb_world.build` for worlds built on the same network (migsim.wb_long).
---@class migsim.wb.BuildOptions
---@field countries? migsim.CountrySpec[] Added after the module's own
---@field locations? migsim.LocationSpec[] Added after the module's own
---@field nationalities? migsim.wb.Nationality[] Replace `nationalities`
---@field destinations? table<migsim.NationalityCode, table<migsim.LocationId, number>> Replace `destinations`
---@field visa_free? migsim.NationalityCode[] Visa-free in Serbia when the run starts (default `serbia_visa_free_2022`)
---@field air_groups? migsim.NationalityCode[] Groups whose closed air channel displaces 20% and rushes 1.5x (default `serbia_visa_free_2022`)
---@field choice? boolean Every group on the channel choice model instead of the fixed 20%

---One of Serbia's visa changes in `migsim.wb_long` (data/visa_changes.csv).
---@class migsim.wb_long.VisaChange
---@field nationality migsim.NationalityCode
---@field date migsim.Date
---@field free boolean true: visas lifted; false: reintroduced
---@field known migsim.Date First day the change was public (decision or announcement)
---@field announced? migsim.Date None: no rush
---@field sources string Source ids in data/sources.csv, `;`-separated

---Options of `migsim.wb_long.build`.
---@class migsim.wb_long.Options
---@field stop? migsim.Date Last reported day (default "2023-09-30")
---@field known_by? migsim.Date Schedule only the visa changes public by this date (default: all)
---@field without? table<string, boolean> `"NAT@DATE"` keys of visa changes to leave out
---@field agent_weight? number Persons an agent stands for (default 1)

---`require "migsim.wb_long"`: the route from 2017 (warm-up from 2016-07) with Iran, Iraq and the
---other nationalities (OTH), and Serbia's visa changes by date; forecasts and backtests
---(tools/wb_forecast.py, docs/validation.md).
---@class migsim.wb_long
---@field world migsim.wb_world The `migsim.wb_world` module it extends
---@field warmup_from migsim.Date
---@field start migsim.Date
---@field countries migsim.CountrySpec[] Countries added to the 2022 network
---@field locations migsim.LocationSpec[] Locations added to the 2022 network
---@field destinations table<migsim.NationalityCode, table<migsim.LocationId, number>> Destination weights by group
---@field nationalities migsim.wb.Nationality[] The 2022 ten, IRN, IRQ and OTH
---@field codes migsim.NationalityCode[] Their codes
---@field visa_free_at_start migsim.NationalityCode[] Visa-free in Serbia on 2016-07-01
---@field visa_history migsim.wb_long.VisaChange[] Serbia's visa changes 2017-2023
---@field build fun(demand: table<migsim.NationalityCode, number|migsim.DemandSeries>, opts?: migsim.wb_long.Options) Defines the world, calls `scenario{}` and schedules the visa changes

---`require "migsim.wb_long_demand"`: demand of `migsim.wb_long` fitted through 2022-09 with its
---projection after it (generated by tools/wb_forecast.py demand).
---@class migsim.wb_long_demand
---@field fitted_through migsim.Month Last month of the fit
---@field per_day table<migsim.NationalityCode, migsim.DemandSeries> Demand by group

---`require "migsim.wb_demand"`: the calibrated demand (generated by tools/calibrate.py).
---@class migsim.wb_demand
---@field fitted_through migsim.Month Last month of the fit
---@field per_day table<migsim.NationalityCode, migsim.DemandSeries> Demand by group
