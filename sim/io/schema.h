/* schema.h: the "schema" id of every document migsim writes (docs/ holds their JSON schemas). */
#ifndef MIG_SCHEMA_H
#define MIG_SCHEMA_H

#define MIG_SCHEMA "migsim-run/1"
#define MIG_ENSEMBLE_SCHEMA "migsim-ensemble/1"
#define MIG_COMPARE_SCHEMA "migsim-compare/1"
#define MIG_SWEEP_SCHEMA "migsim-sweep/1"
#define MIG_FLEE_SCHEMA "migsim-flee-run/1"
#define MIG_FLEE_ENS_SCHEMA "migsim-flee-ensemble/1"
#define MIG_FLEE_COMPARE_SCHEMA "migsim-flee-compare/1"
#define MIG_CALIB_SCHEMA "migsim-calibration/1"

#endif
