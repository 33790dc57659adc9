/* The Lua layer does not build documents: fails to compile. */
#include "output.h"
