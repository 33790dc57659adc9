/* run_scenario.c: the smallest front end of libmigsim, built against the installed
 * library by tests/install: run a scenario with a seed, write its JSON, print what
 * ran. usage: run_scenario SCENARIO.lua SEED OUT.json */
#include <migsim/migsim.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: run_scenario SCENARIO.lua SEED OUT.json\n");
        return 2;
    }
    migsim_error e;
    migsim_opts o;
    migsim_opts_init(&o);
    o.seed = strtoull(argv[2], NULL, 10);
    migsim_session *s = migsim_open(argv[1], &o, argv[3], stderr, &e);
    if (!s) {
        fprintf(stderr, "run_scenario: %s\n", e.message);
        return (int)e.status;
    }
    migsim_doc *d = NULL;
    if (migsim_run(s, &e) == MIGSIM_OK && (d = migsim_document(s, &e)) != NULL &&
        migsim_doc_write(d, argv[3], &e) == MIGSIM_OK)
        printf("libmigsim %s (header %s): %s, %s, seed %s -> %s\n", migsim_version(), MIG_VERSION,
               migsim_name(s), migsim_doc_schema(d), argv[2], argv[3]);
    else
        fprintf(stderr, "run_scenario: %s\n", e.message);
    migsim_doc_free(d);
    migsim_close(s);
    return (int)e.status;
}
