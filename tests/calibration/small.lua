-- A small calibration of the toy world for the tests: two parameters, one wave,
-- a few particles (seconds). The data are the toy world's own (truth 0.3 and 0.5).
calibration { name = "small", scenario = "../../scenarios/calibration/toy_world.lua", seed = 3 }
parameter { "border.BB-CC.detection_prob", prior = "uniform", lo = 0.05, hi = 0.8 }
parameter { "country.CC.asylum_prob", prior = "uniform", lo = 0, hi = 1 }
local data = "../../data/calibration/toy_observed.csv"
target { "detections", table = "frontex_monthly", where = { nationality = "XXA" },
         observed = { file = data, where = { series = "detections" }, time = "month", value = "count" },
         window = { "2022-01", "2022-12" }, model = "negbin", dispersion = "estimate" }
target { "asylum", table = "asylum_monthly", where = { country = "CC" },
         observed = { file = data, where = { series = "asylum" }, time = "month", value = "count" },
         window = { "2022-01", "2022-12" }, model = "negbin", dispersion = 50 }
history_matching { waves = 2, points = 20, replicates = 2, pool = 4000 }
abc_smc { particles = 60, replicates = 2, moves = 2, generations = 8, final_moves = 1 }
