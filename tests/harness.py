"""The shared parts of the Python test drivers: a failure type, check(), and main(),
which runs one test function test_NAME of the calling module in an emptied work folder.

    import harness
    from harness import check
    ...
    if __name__ == "__main__":
        harness.main(globals(), Ctx)

Drivers are run as `driver.py TEST MIGSIM SOURCE_DIR WORK_DIR` by CTest; Ctx(exe, src, work)
is the driver's own context class. Used by the scenario, ensemble, plots, smuggling and
checkpoint drivers (tests/docs runs its tests with other arguments).
"""
import os
import shutil
import sys


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def main(namespace, make_ctx):
    if len(sys.argv) != 5:
        sys.exit(namespace.get("__doc__") or "usage: TEST MIGSIM SOURCE_DIR WORK_DIR")
    name = sys.argv[1]
    exe, src, work = (os.path.abspath(a) for a in sys.argv[2:5])
    fn = namespace.get("test_" + name)
    if not fn:
        sys.exit(f"unknown test {name}; known: " + ", ".join(k[5:] for k in namespace if k.startswith("test_")))
    os.makedirs(work, exist_ok=True)
    for f in os.listdir(work):
        p = os.path.join(work, f)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        else:
            os.remove(p)
    try:
        fn(make_ctx(exe, src, work))
    except Failure as e:
        print(f"{name}: FAILED: {e}")
        sys.exit(1)
    print(f"{name}: ok")
