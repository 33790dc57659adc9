---@meta migsim.flee
---@diagnostic disable: unused-local, missing-return
-- Editor definitions only (lua-language-server): the module `require "migsim.flee"` returns
-- (scripts/migsim/flee.lua, re-exporting the C functions of sim/lua/flee_lua.c), the tables its
-- functions take and return, and the indicator table hooks receive in a Flee run.
-- Reference: docs/scenario-api.md, "Flee scenarios (migsim.flee)"; the rules: docs/flee.md.
-- Not compiled into migsim (cmake/embed.cmake leaves scripts/types/ out); docs/editor.md.
-- tests/docs/doc_tests.py (docs_types) checks these against sim/lua/flee_lua.c and sim/flee/flee_model.c.

---A location type (docs/flee.md, Locations).
---@alias migsim.flee.LocationType
---| "town"           # default_movechance (0.3)
---| "conflict_zone"  # conflict_movechance (1); in conflict from day 0 (or its conflict_date)
---| "camp"           # camp_movechance (0.001); capacity and camp_weight apply
---| "idpcamp"        # idpcamp_movechance (0.1); a camp for capacity and camp_weight
---| "forwarding_hub" # move chance 1
---| "marker"         # move chance 1; never the end of a route, passed through without using a hop

---What a closure closes (docs/flee.md, Closures).
---@alias migsim.flee.ClosureKind
---| "country"                   # every link between a location of country a and one of country b, both ways
---| "location"                  # every link into or out of location a
---| "link"                      # the links between locations a and b, both ways
---| "camp"                      # camp a is a town until reopened
---| "idpcamp"                   # IDP camp a is a town until reopened
---| "remove_forced_redirection" # no effect (the flag is inert in Flee too)

---A Flee setting for `flee.set`, `flee.get`, `flee.load{settings=}` and `--set` (docs/flee.md,
---Settings), by its YAML name, optionally with its section (`"move_rules.camp_weight"`).
---@alias migsim.flee.Setting
---| "max_move_speed"               # km/day, (0, inf), default 360
---| "max_walk_speed"               # km/day, (0, inf), default 35
---| "foreign_weight"               # [0, inf), default 1
---| "camp_weight"                  # [0, inf), default 1
---| "conflict_weight"              # [0, inf), default 1/sqrt(10)
---| "conflict_movechance"          # [0, 1], default 1
---| "camp_movechance"              # [0, 1], default 0.001
---| "idpcamp_movechance"           # [0, 1], default 0.1
---| "default_movechance"           # [0, 1], default 0.3
---| "awareness_level"              # integer [-1, 6] (not 0), default 1; fixed once the run starts
---| "capacity_buffer"              # [0, 1), default 0.9
---| "capacity_scaling"             # [0, inf), default 1
---| "softening"                    # km, [0, inf), default 10
---| "weight_softening"             # [0, inf), default 0
---| "weight_power"                 # [0, inf), default 1
---| "distance_power"               # [0, inf), default 1
---| "pruning_threshold"            # [1, inf), default 1 (off)
---| "start_on_foot"                # boolean, default false
---| "avoid_short_stints"           # boolean, default false
---| "movechance_pop_base"          # (0, inf), default 10000
---| "movechance_pop_scale_factor"  # (-inf, inf), default 0 (off)
---| "insert_day0"                  # boolean, default true; fixed once the run starts
---| "sum_from_camps"               # boolean, default true
---| "conflict_zone_spawning_only"  # boolean, default true (no effect, as in Flee)
---| "conflict_driven_spawning"     # boolean, default false
---| "conflict_spawn_mode"          # 0 constant, 1 poisson, 2 pop_ratio
---| "displaced_per_conflict_day"   # [0, inf), default 500
---| "conflict_spawn_decay_interval" # days, integer [1, inf), default 30
---| "hasten"                       # persons per agent, integer [1, inf), default 1; fixed once the run starts
---| "strict"                       # boolean: Flee's quirks (compat = "strict"); fixed once the run starts
---| string

---`flee.load(dir, options)`.
---@class (exact) migsim.flee.LoadOptions
---@field compat? "strict"|"corrected" Default `"corrected"`; `"strict"` reproduces Flee's quirks (docs/flee.md, Strict and corrected rules)
---@field hasten? integer Persons per agent, >= 1; default: simsetting.yml's, else 1
---@field days? integer Days to simulate, [1, 100000]; default: sim_period.csv's Length
---@field settings? table<migsim.flee.Setting, number|boolean> Flee settings, applied after simsetting.yml
---@field strict_data? boolean Refuse data_layout.csv rows that name no location (default false: noted and counted in spawning, as Flee does)

---What `flee.load` returns.
---@class migsim.flee.Info
---@field start migsim.Date The start date (sim_period.csv StartDate)
---@field days integer Days the run will simulate
---@field locations string[] Location names in locations.csv order
---@field observed_camps string[] The locations with observed counts: the data_layout.csv rows other than the total
---@field notes string[] What was read but is not modelled, one line each

---`flee.location{}`: a location added to the loaded folder's. Loading only.
---@class (exact) migsim.flee.LocationSpec
---@field name string Unique, at most 95 characters
---@field country string Foreign if it differs from the first location's country
---@field type? migsim.flee.LocationType Default `"town"`
---@field region? string Recorded
---@field lat? number Degrees; recorded
---@field lon? number Degrees; recorded
---@field population? number Persons, >= 0 (towns and conflict zones: the spawn weight)
---@field capacity? number Persons, camps; 0 = no limit
---@field conflict_date? integer Day offset for a conflict_zone: -1 or 0 in conflict from day 0; later, a town until then (without conflicts.csv)

---`flee.route{}`: a link pair between two locations (both directions). Loading only.
---@class (exact) migsim.flee.RouteSpec
---@field from string A location name
---@field to string Another location name
---@field distance number km, > 0
---@field max_move_speed? number km/day on this link; 0 (default) = the global max_move_speed
---@field walk_probability? number [0, 1]: daily chance of moving at max_walk_speed on it

---`flee.close{}`: with `start` (and `stop`) while loading, scheduled; from a hook, now and without dates.
---@class (exact) migsim.flee.CloseSpec
---@field kind migsim.flee.ClosureKind
---@field a string A location name, or a country for kind "country"
---@field b? string The second location or country (kinds "link", "country")
---@field start? migsim.Date While loading (required then): the first day closed
---@field stop? migsim.Date While loading: the day it is undone (none: never)

---`flee.reopen{}`, and the spec of `flee.closure_between`: what to reopen or close.
---@class (exact) migsim.flee.ReopenSpec
---@field kind migsim.flee.ClosureKind
---@field a string A location name, or a country for kind "country"
---@field b? string The second location or country (kinds "link", "country")

---`flee.spawn{}`: displaced persons added today, from a hook.
---@class (exact) migsim.flee.SpawnSpec
---@field at string A location name
---@field persons number [0, 1e9]; floor(persons / hasten) agents

---`flee.camp{}`: make a location a camp, while loading or from a hook.
---@class (exact) migsim.flee.CampSpec
---@field name string A location name
---@field capacity? number Persons, >= 0; 0 (default) = no limit

---A location as `flee.locations()` lists it (as loaded, persons).
---@class migsim.flee.Location
---@field name string
---@field region string
---@field country string
---@field type migsim.flee.LocationType As loaded (in the attractiveness function: today's)
---@field population number Persons
---@field capacity number Persons; 0 = none
---@field lat number Degrees
---@field lon number Degrees
---@field foreign boolean In another country than the first location

---What the attractiveness function receives, once per location per day.
---@class migsim.flee.ScoredLocation: migsim.flee.Location
---@field score number Flee's score of today
---@field conflict number Conflict intensity today, 0 if none
---@field occupants number Persons at the location now (after today's spawning, before anyone moves)
---@field date migsim.Date Today

---Yesterday's counts at one reported camp, persons.
---@class migsim.flee.CampCounts
---@field simulated number Persons at the camp at the end of yesterday
---@field observed? number UNHCR's count interpolated to yesterday (nil on day 0 and without data)

---What `when` predicates and actions and `on_day` hooks receive in a Flee run (persons).
---Annotate a hook's parameter with it: `---@param ind migsim.flee.Indicators`.
---@class migsim.flee.Indicators
---@field date migsim.Date The day being simulated
---@field day integer Its index from the start date, 0 on the first day
---@field camps table<string, migsim.flee.CampCounts> Every reported camp, by name
---@field population table<string, number> Persons at every location at the end of yesterday (0 on day 0)
---@field in_camps number Sum of camps[...].simulated
---@field agents number Persons created so far, before today's spawning
---@field in_transit number Persons on links at the end of yesterday
---@field spawned number Persons created yesterday

---`require "migsim.flee"`: run a Flee scenario folder under Flee's rules (docs/flee.md).
---@class migsim.flee
---@field load fun(dir: string, options?: migsim.flee.LoadOptions): migsim.flee.Info Reads the folder (relative to the scenario's folder) and makes this a Flee run; once, while loading
---@field set fun(name: migsim.flee.Setting, value: number|boolean) Changes a Flee setting (in a hook: from today, logged)
---@field get fun(name: migsim.flee.Setting): number The value of a Flee setting now (booleans as 0/1)
---@field location fun(spec: migsim.flee.LocationSpec) Adds a location; loading only
---@field route fun(spec: migsim.flee.RouteSpec) Adds a link pair; loading only
---@field close fun(spec: migsim.flee.CloseSpec) Schedules a closure (loading, with start/stop) or closes now (hook)
---@field reopen fun(spec: migsim.flee.ReopenSpec) Undoes a closure now; hooks only
---@field spawn fun(spec: migsim.flee.SpawnSpec) Adds displaced persons at a location today; hooks only
---@field camp fun(spec: migsim.flee.CampSpec) Makes a location a camp (loading, or from a hook)
---@field attractiveness fun(fn: fun(loc: migsim.flee.ScoredLocation): number|nil) Replaces scores once per location per day; loading only
---@field locations fun(): migsim.flee.Location[] The locations, as loaded
---@field closure_between fun(spec: migsim.flee.ReopenSpec, start: migsim.Date, stop: migsim.Date|nil, label?: string) Closes from start to stop (nil: never) as two labelled at() events; loading only

---@type migsim.flee
local M
return M
