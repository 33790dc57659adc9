-- A calibration spec (docs/calibration.md): three parameters of the toy world
-- against its synthetic monthly detections and asylum applications.
calibration { name = "toy", scenario = "toy_world.lua", seed = 1 }

parameter { "border.BB-CC.detection_prob", prior = "uniform", lo = 0.05, hi = 0.8 }
parameter { "give_up_prob", prior = "uniform", lo = 0, hi = 0.3 }
parameter { "country.CC.asylum_prob", prior = "beta", a = 2, b = 2, lo = 0, hi = 1 }

local data = "../../data/calibration/toy_observed.csv"
target { "detections", table = "frontex_monthly", where = { nationality = "XXA" },
         observed = { file = data, where = { series = "detections" }, time = "month", value = "count" },
         window = { "2022-01", "2022-12" }, model = "negbin", dispersion = "estimate" }
target { "asylum", table = "asylum_monthly", where = { country = "CC" },
         observed = { file = data, where = { series = "asylum" }, time = "month", value = "count" },
         window = { "2022-01", "2022-12" }, model = "negbin", dispersion = "estimate" }

history_matching { waves = 3, points = 40, replicates = 2 }
abc_smc { particles = 200, generations = 12, replicates = 4 }
