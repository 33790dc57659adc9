-- toy_camp.lua: the toy plus two towns off Z: T (100 km), made a camp from a hook on
-- 2020-01-16 (day 15), and T2 (120 km), made a camp at load. Towns are left at
-- default_movechance (0.3); the toy's camps keep everyone (camp_movechance 0).
local flee = require "migsim.flee"
scenario{ name = "flee_toy_camp" }
flee.load("toy")
flee.location{ name = "T", country = "Home", type = "town" }
flee.location{ name = "T2", country = "Home", type = "town" }
flee.route{ from = "Z", to = "T", distance = 100 }
flee.route{ from = "Z", to = "T2", distance = 120 }
flee.camp{ name = "T2" }
at("2020-01-16", function() flee.camp{ name = "T" } end)
