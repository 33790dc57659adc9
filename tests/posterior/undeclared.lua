-- undeclared: requires a world module that declares a default posterior, and takes it back.
require("postworld").build("post_undeclared")
default_posterior("good.json")
default_posterior(nil)
