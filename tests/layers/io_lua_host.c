/* io (documents) must not see the Lua host: fails to compile. */
#include "lua_host.h"
