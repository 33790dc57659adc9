-- declared: the baseline declaring its default posterior, as migsim.westbalkans does
-- (the path is from this file's folder).
require("postworld").build("post_declared")
default_posterior("good.json")
