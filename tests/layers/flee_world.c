/* The Flee engine does not depend on the native world: fails to compile. */
#include "world.h"
