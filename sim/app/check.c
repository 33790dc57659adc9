/* check.c: `migsim check --list`: what a loaded scenario holds, in plain text for
 * people (see check.h). */
#include "check.h"
#include "date.h"
#include "params_list.h"

#include <string.h>

static const char *location_id(const mig_world *w, int l)
{
    return l >= 0 && l < w->n_locations ? w->locations[l].id : "(route's end)";
}

static void list_borders(FILE *f, const mig_world *w)
{
    fprintf(f, "\nborders: %d (entering TO from FROM)\n", w->n_borders);
    if (w->n_borders)
        fprintf(f, "  %-8s %9s %9s %12s %8s %10s  %s\n", "segment", "detection", "pushback", "registration",
                "frontex", "smuggling", "reception");
    for (int b = 0; b < w->n_borders; b++) {
        const mig_border *bd = &w->borders[b];
        char price[32] = "-";
        if (bd->smuggling_price > 0)
            snprintf(price, sizeof price, "%g EUR", bd->smuggling_price);
        fprintf(f, "  %-8s %9.4g %9.4g %12.4g %8s %10s  %s%s\n", bd->name, bd->detection_prob, bd->pushback_share,
                bd->registration_share, bd->frontex ? "yes" : "no", price, location_id(w, bd->reception),
                bd->crossed ? "" : "  (no route crosses it)");
    }
}

static void list_channels(FILE *f, const mig_world *w)
{
    fprintf(f, "\nchannels: %d nationalit%s (entry channels of each)\n", w->n_nats, w->n_nats == 1 ? "y" : "ies");
    for (int n = 0; n < w->n_nats; n++) {
        const mig_nationality *nat = &w->nats[n];
        fprintf(f, "  %s (%s), from %s: %d channel%s\n", nat->code, nat->name, location_id(w, nat->origin),
                nat->n_channels, nat->n_channels == 1 ? "" : "s");
        for (int k = 0; k < nat->n_channels; k++) {
            const mig_channel *c = &nat->channels[k];
            char visa[64] = "no visa needed";
            if (c->visa_country >= 0)
                snprintf(visa, sizeof visa, "visa-free entry to %s: %s", w->countries[c->visa_country].code,
                         mig_world_visa_free(w, c->visa_country, n) ? "yes" : "no (closed)");
            fprintf(f, "    %-14s %s -> %s  %s, %g days, %g EUR, weight %g, %s; %s\n", c->name,
                    location_id(w, c->from), location_id(w, c->to), mig_mode_names[c->mode], c->days, c->cost,
                    c->weight, c->open >= 0.5 ? "open" : "closed at the origin", visa);
        }
    }
}

int mig_check_list(FILE *f, const mig_host *h, const mig_world *w, const mig_flee_settings *set)
{
    const mig_scenario_info *info = mig_host_info(h);
    char a[11], b[11], c[11];
    mig_date_format(info->warmup_day, a);
    mig_date_format(info->start_day, b);
    mig_date_format(info->stop_day, c);
    fprintf(f, "scenario %s: simulated %s to %s, reported from %s\n", info->name, a, c, b);
    fprintf(f, "\n%s\n", set ? "Flee settings (name, section, value, type, range):"
                                : "parameters (key, value, type, range, unit):");
    if (mig_params_write_loaded(f, w, set, MIG_PARAMS_TEXT))
        return -1;
    if (!set) {
        list_borders(f, w);
        list_channels(f, w);
    }
    fputc('\n', f);
    mig_host_list_schedule(h, f);
    return 0;
}
