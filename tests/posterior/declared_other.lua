-- declared_other: the baseline declaring another default posterior than declared.lua.
require("postworld").build("post_declared_other")
default_posterior("one.json")
