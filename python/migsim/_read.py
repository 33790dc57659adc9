"""Reading a migsim document into a Result: its kind, meta and tidy tables, as pandas
DataFrames (built on first use) or as pandas-free Tables (`result.table(name)`)."""

import json
import os

from ._errors import MigsimError, need
from ._tables import KINDS, tables

# Every table name a Result may have; the ones a document lacks read as None.
TABLES = ("monthly", "daily", "totals", "totals_by_year", "totals_window", "journeys", "events", "replicates",
          "replicate_totals", "camps", "runs", "sobol",
          "posterior", "posterior_summary", "fit", "waves", "generations", "parameters")


def load(path):
    """The JSON document at path, checked to be one of migsim's (a known "schema")."""
    p = os.fspath(path)
    try:
        with open(p, "rb") as f:
            doc = json.load(f)
    except FileNotFoundError:
        raise MigsimError(f"{p}: no such file", path=p) from None
    except IsADirectoryError:
        raise MigsimError(f"{p}: is a directory", path=p) from None
    except OSError as e:
        raise MigsimError(f"{p}: {e.strerror}", path=p) from None
    except (ValueError, UnicodeDecodeError) as e:
        raise MigsimError(f"{p}: not a JSON document ({e})", path=p) from None
    schema = doc.get("schema") if isinstance(doc, dict) else None
    if schema not in KINDS:
        known = ", ".join(KINDS)
        raise MigsimError(f"{p}: not a migsim document (\"schema\" is {schema!r}; known: {known})", path=p)
    return doc


class Result:
    """A migsim document, read.

    kind: run, ensemble, compare, sweep, flee-run, flee-ensemble, flee-compare or calibration
    (schema: the document's own identifier, e.g. migsim-compare/1); meta: the document's meta
    (a dict); doc: the whole document; path: where it was read from (None for run() and
    compare() without out=); stderr: the notes migsim printed, its "migsim: " lines (run() and
    compare()).

    Tables, as pandas DataFrames (None when the document has no such table): monthly, daily,
    totals, totals_by_year, totals_window (with --window), journeys, events, replicates (with
    --replicate-series every series, else Frontex's), replicate_totals (runs, ensembles,
    comparisons); camps (Flee);
    runs, sobol (sweeps); posterior, posterior_summary, fit, waves, generations, parameters
    (calibrations). docs/python.md lists their columns. `table(name)` gives the same without
    pandas; `tables` names those the document has."""

    def __init__(self, doc, path=None, stderr=""):
        self.doc = doc
        self.schema = doc["schema"]
        self.kind = KINDS[self.schema]
        self.meta = doc.get("meta", {})
        self.path = path
        self.stderr = stderr
        self._tables = tables(doc)
        self._frames = {}

    @property
    def tables(self):
        """The names of the tables this document has."""
        return [t for t in TABLES if t in self._tables]

    def table(self, name):
        """The pandas-free Table `name` (columns, rows, records()), or None."""
        if name not in TABLES:
            raise AttributeError(f"no table {name!r} (tables: {', '.join(TABLES)})")
        t = self._tables.get(name)
        if callable(t):
            t = self._tables[name] = t()
        return t

    def __getattr__(self, name):
        if name.startswith("_") or name not in TABLES:
            raise AttributeError(name)
        if name not in self._frames:
            t = self.table(name)
            if t is None:
                self._frames[name] = None
            else:
                pd = need("pandas", f"Result.{name} (a DataFrame)")
                self._frames[name] = pd.DataFrame(t.rows, columns=t.columns)
        return self._frames[name]

    def __repr__(self):
        src = f" from {self.path}" if self.path else ""
        return f"<migsim {self.kind} result{src}: {', '.join(self.tables)}>"


def read(path):
    """Read the migsim document at path (any kind: run, replicates, comparison, sweep, Flee run,
    replicates or comparison, calibration) into a Result. Raises MigsimError when the file is
    missing, not JSON or not a migsim document."""
    return Result(load(path), path=os.fspath(path))
