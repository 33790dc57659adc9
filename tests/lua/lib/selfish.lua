-- selfish: a module that requires itself (for bad_require_self.lua).
return require "lib.selfish"
