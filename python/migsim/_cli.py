"""Running the migsim command-line program: finding it, building its arguments, turning a
failure into a MigsimError that carries its message."""

import os
import re
import shutil
import subprocess
import tempfile

from ._errors import MigsimError

_HERE = os.path.dirname(os.path.abspath(__file__))
# The repository's build directory, when the package is used from a checkout
# (python/migsim/ -> ../../build/migsim).
_REPO_BUILD = os.path.normpath(os.path.join(_HERE, os.pardir, os.pardir, "build", "migsim"))
# The installed program, when `cmake --install` put the package in PREFIX/lib/python3/dist-packages.
_INSTALLED = (os.path.normpath(os.path.join(_HERE, *[os.pardir] * 4, "bin", "migsim"))
              if _HERE.endswith(os.path.join("python3", "dist-packages", "migsim")) else None)


def find_binary():
    """The migsim program to run: $MIGSIM, else $MIGSIM_BIN, else `migsim` on PATH, else the
    repository's build/migsim next to this package (or, for a package installed by `cmake
    --install`, PREFIX/bin/migsim). Raises MigsimError naming what was tried."""
    for var in ("MIGSIM", "MIGSIM_BIN"):
        path = os.environ.get(var)
        if path:
            if os.path.isfile(path) and os.access(path, os.X_OK):
                return path
            raise MigsimError(f"${var} is {path!r}, which is not an executable file")
    on_path = shutil.which("migsim")
    if on_path:
        return on_path
    for path in (_REPO_BUILD, _INSTALLED):
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    beside = " or ".join(p for p in (_REPO_BUILD, _INSTALLED) if p)
    raise MigsimError("cannot find the migsim program: $MIGSIM and $MIGSIM_BIN are not set, there is no "
                      f"'migsim' on PATH and no {beside} (build it with tools/build.sh, or "
                      "install it with cmake --install, or set MIGSIM=/path/to/migsim)")


def _options(seed, set, threads, posterior, fixed):
    args = ["--seed", str(int(seed)), "--threads", str(int(threads))]
    for key, value in (set or {}).items():
        if isinstance(value, bool):
            value = int(value)
        args += ["--set", f"{key}={float(value)!r}" if isinstance(value, float) else f"{key}={value}"]
    if posterior is not None and fixed:
        raise MigsimError("posterior= and fixed=True exclude each other (fixed: no posterior)")
    if posterior is not None:
        args += ["--posterior", os.fspath(posterior)]
    if fixed:
        args.append("--fixed")
    return args


def execute(args, out=None):
    """Run migsim with args (after the program name) and -o into out, or into a temporary
    file when out is None. Returns (path of the document, stderr text, temporary dir or None).

    Raises MigsimError with the program's stderr (its file:line messages) when it exits
    non-zero or writes no document."""
    binary = find_binary()
    tmp = None
    if out is None:
        tmp = tempfile.mkdtemp(prefix="migsim-")
        out = os.path.join(tmp, "out.json")
    out = os.fspath(out)
    # Not -q, which silences the notes too: stderr is kept without the progress lines and,
    # on success, without the summary table (the notes are its "migsim: " lines).
    command = [binary, *[os.fspath(a) if isinstance(a, os.PathLike) else str(a) for a in args], "-o", out]
    try:
        proc = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    except OSError as e:
        cleanup(tmp)
        raise MigsimError(f"cannot run {binary}: {e.strerror}", command=command) from None
    lines = [line for line in proc.stderr.splitlines() if not _PROGRESS.match(line)]
    if proc.returncode == 0:  # the summary has no "migsim: " prefix, notes and warnings do
        lines = [line for line in lines if line.startswith("migsim: ")]
    stderr = "\n".join(lines).strip()
    if proc.returncode != 0 or not os.path.isfile(out):
        cleanup(tmp)
        what = f"exit status {proc.returncode}" if proc.returncode != 0 else "no document written"
        raise MigsimError(f"migsim {args[0]} failed ({what}):\n{stderr or '(no message)'}",
                          returncode=proc.returncode, stderr=stderr, command=command)
    return out, stderr, tmp


_PROGRESS = re.compile(r"migsim: \d+/\d+ [a-z ]+ done \(\d+%\)$")


def cleanup(tmp):
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


def _window(window, replicate_series):
    """--window FROM:TO (a "FROM:TO" string or a (from, to) pair) and --replicate-series."""
    a = []
    if window is not None:
        if not isinstance(window, str):
            window = ":".join(str(x) for x in window)
        a += ["--window", window]
    if replicate_series:
        a.append("--replicate-series")
    return a


def run_args(scenario, seed=1, set=None, replicates=None, threads=1, posterior=None, fixed=False,
             daily=False, replicate_totals=False, args=(), window=None, replicate_series=False):
    """The arguments of `migsim run` for migsim.run()."""
    a = ["run", scenario, *_options(seed, set, threads, posterior, fixed)]
    if replicates is not None:
        a += ["--replicates", str(int(replicates))]
    elif daily or replicate_totals or window is not None or replicate_series:
        raise MigsimError("daily=, replicate_totals=, window= and replicate_series= apply to replicates "
                          "(give replicates=)")
    if daily:
        a.append("--daily")
    if replicate_totals:
        a.append("--replicate-totals")
    return a + _window(window, replicate_series) + list(args)


def compare_args(scenarios, replicates, seed=1, set=None, threads=1, posterior=None, fixed=False,
                 independent=False, fork_at=None, daily=False, replicate_totals=False, args=(), window=None,
                 replicate_series=False):
    """The arguments of `migsim compare` for migsim.compare()."""
    if len(scenarios) < 2:
        raise MigsimError("compare needs a baseline and at least one policy scenario")
    a = ["compare", *scenarios, "--replicates", str(int(replicates)),
         *_options(seed, set, threads, posterior, fixed)]
    if independent:
        a.append("--independent")
    if fork_at is not None:
        a += ["--fork-at", str(fork_at)]
    if daily:
        a.append("--daily")
    if replicate_totals:
        a.append("--replicate-totals")
    return a + _window(window, replicate_series) + list(args)
