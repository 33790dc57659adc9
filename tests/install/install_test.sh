#!/usr/bin/env bash
# install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR: install the build into a temporary
# prefix, build a small C program against the installed library three ways
# (find_package with the shared library, with the static one, and pkg-config), run a
# scenario through each and check the JSON is the same bytes as the installed CLI's.
# Also checks that the shared library exports only the public API (migsim_*; OpenMP
# names its critical sections .gomp_critical_user_*, global by its ABI). Then the installed
# tree on its own: scenarios, data and plots in share/migsim, used from an empty folder.
set -euo pipefail
build=$1 src=$2 work=$3
rm -rf "$work"; mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/migsim/migsim.h include/migsim/version.h lib/pkgconfig/migsim.pc lib/cmake/migsim/migsimConfig.cmake \
         bin/migsim; do
  [ -e "$prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
libdir=$(dirname "$(find "$prefix" -name 'libmigsim.so' | head -1)")
[ -n "$libdir" ] && [ -e "$libdir/libmigsim.a" ] || { echo "FAIL: libmigsim.so/.a not installed"; exit 1; }

# Only the public API leaves the shared library.
leaked=$(nm -D --defined-only "$libdir/libmigsim.so" | awk '{print $3}' | grep -v '^migsim_' | grep -v '^_' | grep -v '^\.gomp_critical_user_' || true)
[ -z "$leaked" ] || { echo "FAIL: libmigsim.so exports non-API symbols:"; echo "$leaked" | head; exit 1; }
# ... and every function the header declares is there.
declared=$(tr '\n' ' ' < "$prefix/include/migsim/migsim.h" | grep -o 'MIGSIM_API [^;(]*(' | grep -o 'migsim_[a-z_0-9]*(' | tr -d '(' | sort -u)
exported=$(nm -D --defined-only "$libdir/libmigsim.so" | awk '{print $3}' | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
[ -n "$declared" ] && [ -z "$missing" ] || { echo "FAIL: declared in migsim.h but not in libmigsim.so: $missing"; exit 1; }

cmake -S "$src/tests/install/example" -B "$work/example" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/example" >/dev/null
PKG_CONFIG_PATH=$libdir/pkgconfig cc -std=c11 -Wall -Werror -o "$work/run_pkgconfig" "$src/tests/install/example/run_scenario.c" \
  $(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --cflags --libs migsim)

scenario=$src/scenarios/tutorial_hungary.lua
"$prefix/bin/migsim" run "$scenario" --seed 5 -q -o "$work/cli.json"
for prog in "$work/example/run_shared" "$work/example/run_static" "$work/run_pkgconfig"; do
  out=$work/$(basename "$prog").json
  LD_LIBRARY_PATH=$libdir "$prog" "$scenario" 5 "$out"
  cmp "$work/cli.json" "$out" || { echo "FAIL: $(basename "$prog") wrote other bytes than migsim run"; exit 1; }
done
# The static program does not need the shared library at run time.
if ldd "$work/example/run_static" | grep -q libmigsim; then echo "FAIL: run_static links libmigsim.so"; exit 1; fi
# Errors come back as values with their class: a missing scenario is bad input (2).
set +e
LD_LIBRARY_PATH=$libdir "$work/example/run_shared" "$work/missing.lua" 1 "$work/x.json" 2>"$work/err.txt"
rc=$?
set -e
[ $rc = 2 ] && grep -q "missing.lua" "$work/err.txt" || { echo "FAIL: missing scenario gave exit $rc: $(cat "$work/err.txt")"; exit 1; }
# Installed anywhere: the scenarios, the data they read, the plot scripts, LICENSE and
# CITATION.cff are under the prefix, and the installed binary, moved with its prefix
# (cmake --install --prefix P need not be the configured prefix) and run from an empty
# folder, reads them there: the default scenario, the Flee scenario and bench --flee.
for f in share/migsim/scenarios/wb2022.lua share/migsim/scenarios/calibration/toy.lua \
         share/migsim/data/flee/burundi/simsetting.yml share/migsim/data/posterior/wb2022.json \
         share/migsim/data/sources.csv share/migsim/plots/timeseries.py share/migsim/plots/common.py \
         share/doc/migsim/LICENSE share/doc/migsim/CITATION.cff; do
  [ -e "$prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
moved=$work/elsewhere/prefix
mkdir -p "$work/elsewhere" "$work/empty"
cp -a "$prefix" "$moved"
share=$moved/share/migsim
(
  cd "$work/empty"
  "$moved/bin/migsim" run "$share/scenarios/wb2022.lua" -q -o wb2022.json
  grep -q '"schema": *"migsim-run/1"' wb2022.json || { echo "FAIL: the installed default scenario wrote no run"; exit 1; }
  "$moved/bin/migsim" run "$share/scenarios/flee_burundi.lua" --set hasten=20 -q -o flee.json
  for s in "$share"/scenarios/*.lua; do
    "$moved/bin/migsim" check "$s" >/dev/null || { echo "FAIL: migsim check $s (installed)"; exit 1; }
  done
  "$moved/bin/migsim" bench --flee --hasten 20 > bench.json
  grep -q "\"dir\":\"$moved/bin/../share/migsim/data/flee/burundi\"" bench.json ||
    { echo "FAIL: the installed bench --flee did not read the installed data: $(cat bench.json)"; exit 1; }
  set +e
  "$moved/bin/migsim" bench --flee data/flee/nowhere 2> err.txt
  rc=$?
  set -e
  [ $rc = 2 ] && grep -q "$moved/bin/../share/migsim" err.txt ||
    { echo "FAIL: a missing Flee folder gave exit $rc: $(cat err.txt)"; exit 1; }
  [ -z "$(ls -A | grep -v -e '^wb2022.json$' -e '^flee.json$' -e '^bench.json$' -e '^err.txt$')" ] ||
    { echo "FAIL: the installed binary wrote into the working folder: $(ls -A)"; exit 1; }
)
echo "installed tree: scenarios, data and plots under share/migsim; from an empty folder, moved, the binary ran wb2022 and flee_burundi, checked every scenario, and bench --flee read share/migsim/data"
echo "installed library: 3 builds ran $scenario, same bytes as the CLI; exports the $(echo "$declared" | wc -l) functions of migsim.h and nothing else"
