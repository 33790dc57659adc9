-- declared_missing: declares a default posterior that is not there.
require("postworld").build("post_declared_missing")
default_posterior("no_such_posterior.json")
