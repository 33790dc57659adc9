-- expect: 2: module 'lib.selfish' requires itself (directly or through another module)
-- expect-file: selfish.lua
require "lib.selfish"
