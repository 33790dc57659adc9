"""migsim from Python: run scenarios, compare policies and read every result as tidy tables.

    import migsim
    r = migsim.run("scenarios/wb2022.lua", seed=1, replicates=5, threads=2)
    r.monthly          # series, nationality, border, ..., month, mean, sd, lo, hi [, q025 ...]
    c = migsim.compare("scenarios/wb2022_no_visa_alignment.lua", "scenarios/wb2022.lua", replicates=5)
    c.totals[c.totals.arm == "difference"]
    migsim.read("cmp.json")

Pure Python over the migsim program (found through $MIGSIM, $MIGSIM_BIN, PATH or the
repository's build/migsim). DataFrames need pandas (Debian: python3-pandas); `Result.table()`
gives the same tables without it. docs/python.md documents every function and column."""

import os

from ._cli import cleanup, compare_args, execute, find_binary, run_args
from ._errors import MigsimError, MissingModuleError
from ._read import Result, load, read
from ._tables import Table

__all__ = ["run", "compare", "read", "find_binary", "Result", "Table", "MigsimError", "MissingModuleError"]
__version__ = "0.1.0"


def _result(args, out):
    path, stderr, tmp = execute(args, out)
    try:
        doc = load(path)
    finally:
        cleanup(tmp)
    return Result(doc, path=None if out is None else os.fspath(out), stderr=stderr)


def run(scenario, seed=1, set=None, replicates=None, threads=1, posterior=None, fixed=False, out=None,
        daily=False, replicate_totals=False, window=None, replicate_series=False, args=()):
    """Run `migsim run SCENARIO -q` and return its document as a Result.

    seed: the (master) seed; set: {key: value} parameter overrides (--set key=value);
    replicates: None for a single run (migsim-run/1), else R replicates (migsim-ensemble/1);
    threads: worker threads (results do not depend on them); posterior: a posterior file,
    fixed: True for no posterior (replicates only); daily, replicate_totals: the options of the
    same names (replicates only); window: "FROM:TO" (YYYY-MM or YYYY-MM-DD, both included) for
    --window, the totals over those days (Result.totals_window; replicates only);
    replicate_series: True for --replicate-series, every replicate's monthly series
    (Result.replicates; replicates only); out: keep the document there (else a temporary file, removed);
    args: more command-line options, as a list. A Flee scenario gives a Flee document.
    Raises MigsimError (with migsim's message: file:line) when the run fails."""
    return _result(run_args(scenario, seed, set, replicates, threads, posterior, fixed, daily,
                            replicate_totals, args, window, replicate_series), out)


def compare(base, policy, *more, replicates=10, seed=1, set=None, threads=1, posterior=None, fixed=False,
            independent=False, fork_at=None, daily=False, replicate_totals=False, window=None,
            replicate_series=False, out=None, args=()):
    """Run `migsim compare BASE POLICY [MORE...] --replicates R -q` (paired: the arms share
    seeds) and return the migsim-compare/1 (or migsim-flee-compare/1) document as a Result.

    Its tables have an `arm` column: each arm by its scenario name and `difference` for the
    paired difference policy - base (`difference:POLICY` when there are several policies).
    independent: own seeds per arm; fork_at: "auto", "none" or a date; window: "FROM:TO", the
    totals of every arm and difference over those days (Result.totals_window, e.g. a policy's
    months). Other arguments as run().
    Raises MigsimError when the comparison fails."""
    return _result(compare_args([base, policy, *more], replicates, seed, set, threads, posterior, fixed,
                                independent, fork_at, daily, replicate_totals, args, window, replicate_series), out)
