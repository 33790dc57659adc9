-- strict: the baseline's world with BB-CC detecting 0.7 of attempts from the start (no event):
-- compared with base.lua it differs from the first day, so it cannot be forked from it.
require("ensworld").build("ens_strict")
set("border.BB-CC.detection_prob", 0.7)
