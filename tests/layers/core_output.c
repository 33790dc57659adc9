/* core must not see io (the JSON document): fails to compile. */
#include "output.h"
