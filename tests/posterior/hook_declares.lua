-- hook_declares: default_posterior() from a hook is an error (it is a default of the scenario).
require("postworld").build("post_hook")
at("2022-02-01", function() default_posterior("good.json") end)
