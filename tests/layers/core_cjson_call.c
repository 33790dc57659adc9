/* A cJSON call linked as the core layer: fails to link (cJSON starts at io). */
#include <cjson/cJSON.h>

void *layer_core_cjson(void);
void *layer_core_cjson(void) { return cJSON_CreateObject(); }
