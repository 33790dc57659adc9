/* common.h: sizes every layer shares (base; no dependencies).
 *
 * Errors travel as text in a caller's buffer of MIG_ERR_LEN bytes; the layers above
 * add the class (include/migsim/migsim.h: mig_status). */
#ifndef MIG_COMMON_H
#define MIG_COMMON_H

#define MIG_ID_LEN 32
#define MIG_WHERE_LEN 160   /* "file:line:" of the Lua call that defined a thing */
#define MIG_ERR_LEN 4096    /* room for a Lua traceback */

#endif
