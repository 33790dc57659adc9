/* A core file may include the world and the base (control: builds). */
#include "world.h"
#include "rng.h"

int layer_ok_core(void);
int layer_ok_core(void) { return MIG_ID_LEN; }
