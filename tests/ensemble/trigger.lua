-- trigger: the baseline with a when() that raises BB-CC detection by 0.2 once 100 persons have
-- left (in the first week). A forked arm would not run it over the shared days, so compare
-- --fork-at must refuse it.
require("ensworld").build("ens_trigger")
when(function(ind) return ind.total.departures >= 100 end,
     function() set("border.BB-CC.detection_prob", get("border.BB-CC.detection_prob") + 0.2) end, "raise detection")
