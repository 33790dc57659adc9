/* Only sim/lua sees lua.h: fails to compile in core. */
#include <lua.h>
