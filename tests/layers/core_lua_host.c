/* core must not see the Lua host (a layer above it): fails to compile. */
#include "lua_host.h"
