-- base: the ensemble tests' baseline (tests/ensemble/ensworld.lua, no policy).
require("ensworld").build("ens_base")
