-- base: the posterior tests' baseline (postworld.lua, no policy, no default posterior).
require("postworld").build("post_base")
