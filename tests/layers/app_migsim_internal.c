/* The app layer sees every layer below it (control: builds). */
#include "ensemble.h"
#include "output.h"
#include "lua_host.h"

int layer_app(void);
int layer_app(void) { return MIG_MAX_ARMS; }
