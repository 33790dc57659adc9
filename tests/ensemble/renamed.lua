-- renamed: the baseline's world with the group called XXB: same shape, other names, so it
-- cannot be compared with base.lua (compare must refuse, exit 2).
require("ensworld").build("ens_renamed", { nat = "XXB" })
