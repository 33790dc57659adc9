-- slow: the baseline over two years at eight times the demand (about 0.1 s a replicate), so that
-- an ensemble can be interrupted while it runs.
require("postworld").build("post_slow", { stop = "2023-12-31", demand = 200 })
