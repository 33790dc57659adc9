/* params.h: the settable parameters of a world, as one table.
 *
 * Every key that set(), get(), parameters(), --set, sweeps, checkpoints and
 * meta.parameters know is an instance of one row of mig_param_specs: a pattern
 * such as "border.<FROM-TO>.detection_prob", the entity it belongs to, its type,
 * its inclusive range, unit, meaning and source, and what a change must
 * re-derive. The builders of the scenario API check their numbers against the
 * same rows, and `migsim params` prints them (docs/parameters.md is generated
 * from it). Adding a parameter is adding a row (and its field in world.h). */
#ifndef MIG_PARAMS_H
#define MIG_PARAMS_H

#include "world.h"

#include <stddef.h>

/* What a key's middle parts name. The order is the order of meta.parameters. */
typedef enum {
    MIG_PE_GLOBAL,       /* "risk_aversion", "smuggling.threshold": a field of mig_params */
    MIG_PE_LOC_KIND,     /* "move_prob.<kind>": mig_params.move_prob[kind] */
    MIG_PE_MODE,         /* "speed.<mode>": mig_params.speed[mode] */
    MIG_PE_BORDER,       /* "border.<FROM-TO>.x" */
    MIG_PE_COUNTRY,      /* "country.<CC>.x" */
    MIG_PE_GROUP,        /* "group.<id>.x" */
    MIG_PE_LOCATION,     /* "location.<id>.x" */
    MIG_PE_NATIONALITY,  /* "nationality.<NAT>.x" */
    MIG_PE_CHANNEL,      /* "channel.<NAT>.<name>.x" */
    MIG_N_PE
} mig_param_entity;

extern const char *const mig_param_entity_names[MIG_N_PE];

typedef enum {
    MIG_PT_REAL,         /* any number in the range */
    MIG_PT_WHOLE,        /* a whole number in the range */
    MIG_PT_BOOL          /* 0 or 1 (true/false where the caller has booleans) */
} mig_param_type;

extern const char *const mig_param_type_names[3];

/* What a change must re-check or re-derive (bits). */
enum {
    MIG_PC_SHARES = 1,       /* pushback_share + registration_share <= 1 on every border */
    MIG_PC_SERVED_PRICE = 2, /* a segment a smuggling group serves keeps a price above 0 */
    MIG_PC_ROUTE_DAYS = 4    /* route days follow the speeds */
};

typedef struct mig_param_spec {
    const char *pattern;     /* "border.<FROM-TO>.detection_prob" (for people) */
    mig_param_entity entity;
    const char *prefix;      /* the key's first part for MIG_PE_GLOBAL with two parts ("smuggling"), else NULL */
    const char *field;       /* the key's last part ("detection_prob"); for LOC_KIND/MODE the first ("move_prob") */
    size_t offset;           /* of the double in the entity's struct (mig_params, mig_border, ...) */
    mig_param_type type;
    double lo, hi;           /* inclusive */
    const char *unit;        /* "probability", "days", "EUR", "1" (a pure number) ... */
    const char *about;       /* one line: what it means */
    const char *source;      /* where the shipped values come from */
    unsigned on_change;      /* MIG_PC_* */
    const char *derive;      /* on_change in words, or "" */
} mig_param_spec;

/* The table, in the order of meta.parameters; ends with a row whose pattern is NULL. */
extern const mig_param_spec mig_param_specs[];

/* The row whose pattern is exactly `pattern`, or NULL. */
const mig_param_spec *mig_param_spec_named(const char *pattern);
/* The row of entity e with last part `field` ("detection_prob"), or NULL. */
const mig_param_spec *mig_param_spec_of(mig_param_entity e, const char *field);

/* One concrete parameter of a world: its row and which entity (index, and for a
 * channel sub = channel of nationality index; for LOC_KIND/MODE index = kind/mode). */
typedef struct mig_param_ref {
    const mig_param_spec *spec;
    int index, sub;
} mig_param_ref;

/* The key of ref ("border.RS-HU.detection_prob") into key (n bytes). */
void mig_param_key(const mig_world *w, mig_param_ref ref, char *key, size_t n);
/* The value's storage. */
double *mig_param_ptr(mig_world *w, mig_param_ref ref);

/* Resolve a dotted key. 0, or -1 with err (MIG_ERR_LEN) naming the key and
 * suggesting the closest key of w. */
int mig_param_find(const mig_world *w, const char *key, mig_param_ref *ref, char *err);

/* Is v a valid value of spec? 0, or -1 with err: "NAME must be in [lo, hi], got v
 * (unit: U)" (or "must be 0 or 1", "must be a whole number"), NAME as given
 * (e.g. "parameter 'border.RS-HU.detection_prob'" or "smuggling_group x: 'skill'"). */
int mig_param_check(const mig_param_spec *spec, const char *name, double v, char *err);

/* Set a parameter: checks the range, then what spec->on_change asks (undoing the
 * change if that fails), then re-derives. 0, or -1 with err. */
int mig_param_set(mig_world *w, mig_param_ref ref, double v, char *err);

/* Visit every concrete parameter of w in the order of meta.parameters. */
typedef void (*mig_param_each_fn)(void *ctx, const char *key, double value, const mig_param_spec *spec);
void mig_param_each(const mig_world *w, mig_param_each_fn fn, void *ctx);

/* "[0, 1]" (the range as %g prints it) into buf. */
void mig_param_range_text(const mig_param_spec *spec, char *buf, size_t n);

#endif
