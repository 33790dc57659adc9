#!/usr/bin/env python3
"""Execute docs/examples/compare.ipynb as a reader would, and check what it made.

usage: run_notebook.py NOTEBOOK MIGSIM SOURCE_DIR WORK_DIR

With `jupyter nbconvert` on PATH the notebook runs through it; otherwise its code cells are
executed in order in one namespace (what a kernel does, without one). Either way in WORK_DIR
(emptied first), with MPLBACKEND=Agg, MIGSIM=the built program, MIGSIM_ROOT=SOURCE_DIR and
SOURCE_DIR/python on PYTHONPATH. Checks: every cell ran, the figure compare_IND.png exists and
is a PNG, the table it saved has the expected columns and arms, and (without jupyter) the
DataFrame cmp.monthly has the documented columns. Exit 77 (CTest: skipped) when pandas is
missing, 2 when another module is, 1 on a failure."""

import json
import os
import shutil
import subprocess
import sys
import traceback

SKIP = 77


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 5:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    notebook, migsim_bin, source, work = (os.path.abspath(a) for a in sys.argv[1:])
    try:
        import pandas  # noqa: F401
    except ImportError:
        print("SKIPPED: the notebook needs pandas, which is not installed for "
              f"{sys.executable}: apt-get install python3-pandas", file=sys.stderr)
        return SKIP
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("error: the notebook needs matplotlib: apt-get install python3-matplotlib", file=sys.stderr)
        return 2

    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ, MPLBACKEND="Agg", MIGSIM=migsim_bin, MIGSIM_ROOT=source,
               PYTHONPATH=os.pathsep.join(filter(None, [os.path.join(source, "python"),
                                                        os.environ.get("PYTHONPATH")])))
    with open(notebook, encoding="utf-8") as f:
        nb = json.load(f)
    if nb.get("nbformat") != 4:
        fail(f"{notebook}: nbformat {nb.get('nbformat')}, expected 4")
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for i, c in enumerate(code):
        if c.get("outputs") or c.get("execution_count") is not None:
            fail(f"{notebook}: code cell {i + 1} has outputs: commit it with outputs cleared")

    ns = None
    jupyter = shutil.which("jupyter")
    if jupyter and subprocess.run([jupyter, "nbconvert", "--version"], capture_output=True).returncode == 0:
        print("running with jupyter nbconvert --execute")
        out = os.path.join(work, "executed.ipynb")
        r = subprocess.run([jupyter, "nbconvert", "--to", "notebook", "--execute", "--output", out,
                            "--ExecutePreprocessor.timeout=600", notebook], cwd=work, env=env)
        if r.returncode != 0:
            fail(f"jupyter nbconvert --execute {notebook} exited {r.returncode}")
    else:
        print("jupyter nbconvert not available: executing the code cells in order")
        os.environ.update(env)
        sys.path.insert(0, os.path.join(source, "python"))
        os.chdir(work)
        ns = {"__name__": "__main__"}
        for i, c in enumerate(code):
            src = "".join(c["source"])
            try:
                exec(compile(src, f"{os.path.basename(notebook)}[cell {i + 1}]", "exec"), ns)
            except Exception:
                traceback.print_exc()
                fail(f"code cell {i + 1} of {notebook} raised")

    png = os.path.join(work, "compare_IND.png")
    if not os.path.isfile(png):
        fail("the notebook did not save compare_IND.png")
    with open(png, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            fail("compare_IND.png is not a PNG")
    import pandas as pd
    table = pd.read_csv(os.path.join(work, "frontex_IND_by_arm.csv"))
    want = ["arm", "month", "mean", "sd", "lo", "hi"]
    if list(table.columns) != want:
        fail(f"frontex_IND_by_arm.csv columns {list(table.columns)}, expected {want}")
    arms = set(table.arm)
    if arms != {"wb2022", "wb2022_no_visa_alignment", "difference"}:
        fail(f"frontex_IND_by_arm.csv arms {sorted(arms)}")
    if ns is not None:
        cols = list(ns["cmp"].monthly.columns)
        need = ["arm", "series", "nationality", "border", "month", "mean", "sd", "lo", "hi"]
        if any(c not in cols for c in need) or cols[-5:] != ["month", "mean", "sd", "lo", "hi"]:
            fail(f"cmp.monthly columns {cols}, expected {need} (month then the statistics last)")
    win = pd.read_csv(os.path.join(work, "frontex_IND_window.csv"))
    if list(win.columns) != ["arm", "from", "to", "mean", "lo", "hi"] or set(win.arm) != arms \
            or set(win["from"]) != {"2022-11-01"} or set(win["to"]) != {"2023-01-31"}:
        fail(f"frontex_IND_window.csv (the totals over window=): {win}")
    print(f"ok: {png} and a table of {len(table)} rows ({', '.join(sorted(arms))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
