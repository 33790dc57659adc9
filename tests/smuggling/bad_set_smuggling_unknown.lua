-- expect: 4: unknown parameter 'smuggling.treshold' (did you mean 'smuggling.threshold'?)
local sw = require "smugworld"
sw.build()
set("smuggling.treshold", 10)
