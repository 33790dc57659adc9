/* base depends on nothing of migsim: fails to compile. */
#include "world.h"
