#!/usr/bin/env bash
# perf_report.sh: issue 14's speed table, old build against new, side by side in one sitting.
#   tools/perf_report.sh [-r N] [--quick] [--instructions] [--only 1,3] [--dry-run] [OLD_REV] [NEW_BUILD_DIR]
# Builds OLD_REV (default 45536ed, the 0.1 build the issue measured) from `git archive` into
# ${TMPDIR:-/tmp}/migsim-perf-SHA (Release, only the migsim target; reused when already built),
# takes NEW_BUILD_DIR (default build/) as it is, and measures each workload of the issue's
# table with both, alternating old and new round by round so both see the same load. Prints
# one table of medians: old, new, new/old, the target and whether it is met. It is a report:
# exit 0 whether or not targets are met; 1 if a build or a measured command fails; 2 on usage.
set -euo pipefail

prog=perf_report
runs=5 quick=0 instructions=0 dry=0 only=1,2,3,4,5
old_rev=45536ed new_build=
usage() {
  cat <<'EOF'
usage: tools/perf_report.sh [options] [OLD_REV] [NEW_BUILD_DIR]

Measures issue 14's workloads with the build of OLD_REV (default 45536ed, built from
`git archive` into ${TMPDIR:-/tmp}/migsim-perf-SHA and reused) and NEW_BUILD_DIR (default
build/, used as it is), in rounds: each round times one run of old and one of new with
hyperfine, the order alternating, so both builds see the same load on a shared machine.
Prints medians, new/old and the issue's targets. Needs hyperfine and /usr/bin/time
(installed through tools/need-packages.sh if missing) and python3.

  1  migsim run scenarios/wb2022.lua                        wall s, peak RSS (target new <= old/3)
  2  migsim compare wb2022_no_visa_alignment wb2022 --replicates 200 --threads 2
                                                            wall s (target <= 60 s); also the new
                                                            build with --fork-at auto if it has it
  3  migsim bench --agents 1000000 --days 100 --threads 1   agent-days/s (>= 100 M), bytes/agent (<= 28)
  4  migsim bench --flee DATA/flee/burundi                  wall s (<= 0.40 s), same ARD and agent-steps
  5  migsim run scenarios/wb2022.lua --replicates 10 --threads 1 -q
                                                            simulations per CPU-hour (>= 10,000)

options:
  -r, --runs N      rounds per workload, each runs old and new once (default 5; at least 1)
  --quick           compare at 20 replicates scaled by 10 (and workload 5 at 4 replicates);
                    the table says which figures are scaled
  --instructions    also count workload 1's instructions with callgrind (slow: minutes)
  --only LIST       only these workloads, e.g. --only 1,4
  --dry-run         print what would be built and run, build and measure nothing
  -h, --help        this text

Each build runs the scenarios and data of its own source tree. Figures are medians over the
rounds; wall and CPU (user + sys) seconds come from hyperfine, the bench figures from the
bench's own JSON line, peak RSS from one more run under /usr/bin/time. Exit 0 whether or not
the targets are met, 1 if a build or a measured command fails, 2 on a usage error.
EOF
}
die() { echo "$prog: $*" >&2; exit 1; }
usage_error() { echo "$prog: $*" >&2; echo "try tools/perf_report.sh --help" >&2; exit 2; }
note() { echo "$prog: $*" >&2; }

positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -r|--runs) [ $# -ge 2 ] || usage_error "$1 needs a number"; runs=$2; shift ;;
    --runs=*) runs=${1#--runs=} ;;
    --quick) quick=1 ;;
    --instructions) instructions=1 ;;
    --only) [ $# -ge 2 ] || usage_error "--only needs a list such as 1,4"; only=$2; shift ;;
    --dry-run) dry=1 ;;
    -*) usage_error "unknown option $1" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[ ${#positional[@]} -le 2 ] || usage_error "at most two arguments: OLD_REV NEW_BUILD_DIR"
[ ${#positional[@]} -ge 1 ] && old_rev=${positional[0]}
[ ${#positional[@]} -ge 2 ] && new_build=${positional[1]}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || usage_error "-r wants a whole number of rounds >= 1, not '$runs'"
[[ "$only" =~ ^[1-5](,[1-5])*$ ]] || usage_error "--only wants workload numbers 1-5 such as 1,4, not '$only'"
wants() { [[ ",$only," == *",$1,"* ]]; }

# NEW_BUILD_DIR is relative to where the script was called from; the default is the repository's.
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "$new_build" ]; then
  [ -d "$new_build" ] || die "NEW_BUILD_DIR '$new_build' is not a folder"
  new_build=$(cd "$new_build" && pwd)
else
  new_build=$root/build
fi
new_bin=$new_build/migsim

# Replicates: full as the issue asks; --quick measures fewer and scales to the full count.
compare_reps=200 compare_measured=200 ensemble_reps=10
if [ "$quick" = 1 ]; then compare_measured=20 ensemble_reps=4; fi

# ---- checks ---------------------------------------------------------------------------------
check_python() {
  local missing
  missing=$(python3 -c '
import importlib, sys
for m in ("json", "statistics", "glob", "os"):
    try:
        importlib.import_module(m)
    except ImportError:
        print(m); sys.exit(0)' 2>/dev/null) || die "python3 is needed to read the measurements: install the Debian package python3"
  [ -z "$missing" ] || die "python3 lacks the module '$missing': install the Debian packages python3 and libpython3-stdlib"
}
check_new_build() {
  [ -x "$new_bin" ] || die "no migsim in $new_build: build it first (tools/build.sh)"
  local type
  type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$new_build/CMakeCache.txt" 2>/dev/null || true)
  [ "$type" = Release ] || note "warning: $new_build is a '${type:-unknown}' build, not Release: the comparison is unfair"
}
# The source tree a build was configured from: its scenarios and data are the ones it runs.
source_of() {
  local src
  src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$1/CMakeCache.txt" 2>/dev/null || true)
  if [ -n "$src" ] && [ -d "$src/scenarios" ]; then echo "$src"; else echo "$root"; fi
}
# Another session may add --fork-at auto to compare: measure it as well when the build has it.
new_has_fork_auto() {
  [ -x "$new_bin" ] || return 1
  local help
  help=$("$new_bin" compare --help 2>&1 || true)
  grep -A3 -e '--fork-at' <<<"$help" | grep -qw auto
}

# ---- the old build --------------------------------------------------------------------------
old_sha=$old_rev old_short=$old_rev
if sha=$(git -C "$root" rev-parse --verify -q "$old_rev^{commit}" 2>/dev/null); then
  old_sha=$sha old_short=$(git -C "$root" rev-parse --short "$sha")
elif [ "$dry" = 0 ]; then
  die "OLD_REV '$old_rev' is not a commit of $root (a clone with its history is needed)"
fi
cache=${TMPDIR:-/tmp}/migsim-perf-$old_short
old_bin=$cache/build/migsim

# Builds in place under a lock (a CMake build folder cannot be moved); .complete marks a
# finished build, so an interrupted one is built again rather than used.
build_old() {
  if [ "$dry" = 1 ]; then
    if [ -f "$cache/.complete" ]; then echo "# old build: reuse $old_bin"; return; fi
    echo "git -C $root archive $old_sha | tar -x -C $cache/src"
    echo "cmake -S $cache/src -B $cache/build -DCMAKE_BUILD_TYPE=Release"
    echo "cmake --build $cache/build -j$(nproc) --target migsim"
    return
  fi
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock 9
  if [ -f "$cache/.complete" ] && [ -x "$old_bin" ]; then
    note "old: reusing the build of $old_short in $cache"
    exec 9>&-
    return
  fi
  note "old: building $old_short in $cache (log: $cache/build.log)"
  rm -rf "$cache/src" "$cache/build"
  mkdir -p "$cache/src"
  git -C "$root" archive "$old_sha" | tar -x -C "$cache/src" || die "could not unpack $old_short from git archive"
  if ! cmake -S "$cache/src" -B "$cache/build" -DCMAKE_BUILD_TYPE=Release >"$cache/build.log" 2>&1; then
    tail -n 15 "$cache/build.log" >&2
    die "configuring $old_short failed (full log: $cache/build.log); missing libraries? tools/build.sh installs them"
  fi
  if ! cmake --build "$cache/build" -j"$(nproc)" --target migsim >>"$cache/build.log" 2>&1; then
    tail -n 15 "$cache/build.log" >&2
    die "building $old_short failed (full log: $cache/build.log)"
  fi
  [ -x "$old_bin" ] || die "building $old_short gave no $old_bin"
  touch "$cache/.complete"
  exec 9>&-
}

# ---- measuring ------------------------------------------------------------------------------
work=
# The measurements are kept when something failed, to look at.
cleanup() {
  local rc=$?
  if [ "$rc" = 0 ]; then rm -rf "$work"; else note "measurements kept in $work"; fi
}
# Words as a shell (and hyperfine -N) reads them: plain when safe, else in single quotes.
quoted() {
  local s='' a
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./=:,+@%-]+$ ]]; then s+="$a "; else s+="'${a//\'/\'\\\'\'}' "; fi
  done
  echo "${s% }"
}

# rounds NAME WARMUP TAG1 "CMD1..." TAG2 "CMD2..." [TAG3 "CMD3..."]: RUNS rounds, each one run of
# every command, the order rotated from round to round; warm-up runs only in the first round.
# One hyperfine call a command and round, so that --output keeps that run's stdout (the bench's
# JSON line) in TAG.rR.out beside its wall, user and system seconds in TAG.rR.json; nothing
# wraps the measured process (a shell and /usr/bin/time cost several ms a run here).
rounds() {
  local name=$1 warmup=$2; shift 2
  local -a tags=() cmds=()
  while [ $# -gt 0 ]; do tags+=("$1"); cmds+=("$2"); shift 2; done
  local n=${#tags[@]} r i k w
  for ((r = 1; r <= runs; r++)); do
    w=0; [ "$r" = 1 ] && w=$warmup
    [ "$dry" = 1 ] || note "workload $name: round $r of $runs"
    for ((i = 0; i < n; i++)); do
      k=$(((i + r - 1) % n))
      local -a hf=(hyperfine -N -r 1 -w "$w" --style none --output="$work/${tags[k]}.r$r.out"
                   --export-json "$work/${tags[k]}.r$r.json" -n "${tags[k]}" "${cmds[k]}")
      if [ "$dry" = 1 ]; then
        [ "$r" = 1 ] && quoted "${hf[@]}"
        continue
      fi
      "${hf[@]}" 2>"$work/hyperfine.err" || {
        # hyperfine drops the command's stderr: run it once more (two minutes at most) to show why.
        note "workload $name failed: $(tail -n 1 "$work/hyperfine.err")"
        note "running it again to show its messages: ${cmds[k]}"
        eval "timeout 120 ${cmds[k]}" 2>&1 >/dev/null | tail -n 10 >&2 || true
        die "workload $name: '${cmds[k]}' failed"
      }
    done
    [ "$dry" = 1 ] && [ "$r" = 1 ] && echo "#   ... $runs rounds in all, the order rotated each round, warm-up only in the first"
  done
  return 0
}

# Peak RSS: one more run of each command under /usr/bin/time, outside the timed runs.
peak_rss() {
  local tag=$1 cmd=$2
  if [ "$dry" = 1 ]; then echo "/usr/bin/time -f %M -o $work/$tag.rss $cmd >/dev/null"; return; fi
  note "workload 1: peak RSS of $tag"
  eval "/usr/bin/time -f %M -o $(quoted "$work/$tag.rss") $cmd" >/dev/null 2>"$work/$tag.err" || {
    tail -n 5 "$work/$tag.err" >&2
    die "'$cmd' failed"
  }
}

# valgrind counts instructions; old and new in parallel (the counts do not depend on load).
count_instructions() {
  local old_cmd=$1 new_cmd=$2
  local vg=(valgrind --tool=callgrind --callgrind-out-file=/dev/null)
  if [ "$dry" = 1 ]; then
    echo "$(quoted "${vg[@]}") $old_cmd >/dev/null 2>$work/ir-old.txt &"
    echo "$(quoted "${vg[@]}") $new_cmd >/dev/null 2>$work/ir-new.txt"
    return
  fi
  note "workload 1: counting instructions with callgrind (minutes)"
  # shellcheck disable=SC2086  # the commands are built from quoted words
  eval "$(quoted "${vg[@]}") $old_cmd" >/dev/null 2>"$work/ir-old.txt" & local pid=$!
  eval "$(quoted "${vg[@]}") $new_cmd" >/dev/null 2>"$work/ir-new.txt" || die "callgrind of the new build failed: see $work/ir-new.txt"
  wait "$pid" || die "callgrind of the old build failed: see $work/ir-old.txt"
}

# ---- main -----------------------------------------------------------------------------------
if [ "$dry" = 1 ]; then
  work=${TMPDIR:-/tmp}/perf_report.WORK
  echo "# dry run: nothing is built or measured; WORK stands for a temporary folder"
else
  check_python
  check_new_build
  tools_needed=(hyperfine time)
  [ "$instructions" = 1 ] && tools_needed+=(valgrind)
  "$root/tools/need-packages.sh" "${tools_needed[@]}" || die "could not install ${tools_needed[*]}"
fi
build_old
if [ "$dry" = 0 ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/perf_report.XXXXXX")
  trap cleanup EXIT
fi
old_src=$cache/src
new_src=$(source_of "$new_build")
fork=0
new_has_fork_auto && fork=1

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
date_start=$(date -u '+%Y-%m-%d %H:%M UTC')
o=$(quoted "$old_bin") n=$(quoted "$new_bin")
os=$(quoted "$old_src") ns=$(quoted "$new_src")
commands=()

if wants 1; then
  rounds 1 1 w1-old "$o run $os/scenarios/wb2022.lua" w1-new "$n run $ns/scenarios/wb2022.lua"
  peak_rss w1-old "$o run $os/scenarios/wb2022.lua"
  peak_rss w1-new "$n run $ns/scenarios/wb2022.lua"
  commands+=("1: migsim run SRC/scenarios/wb2022.lua (summary to stdout, discarded); peak RSS from one more run under /usr/bin/time")
  if [ "$instructions" = 1 ]; then
    count_instructions "$o run $os/scenarios/wb2022.lua" "$n run $ns/scenarios/wb2022.lua"
  fi
fi
if wants 2; then
  cmp_args="compare SRC/scenarios/wb2022_no_visa_alignment.lua SRC/scenarios/wb2022.lua --replicates $compare_measured --threads 2"
  cmd2() { echo "$1 ${cmp_args//SRC/$2}"; }
  if [ "$fork" = 1 ]; then
    rounds 2 0 w2-old "$(cmd2 "$o" "$os")" w2-new "$(cmd2 "$n" "$ns")" w2-newfork "$(cmd2 "$n" "$ns") --fork-at auto"
  else
    rounds 2 0 w2-old "$(cmd2 "$o" "$os")" w2-new "$(cmd2 "$n" "$ns")"
  fi
  commands+=("2: migsim $cmp_args")
  [ "$fork" = 0 ] || commands+=("2: the new build also with --fork-at auto")
fi
if wants 3; then
  bench="bench --agents 1000000 --days 100 --threads 1"
  rounds 3 1 w3-old "$o $bench" w3-new "$n $bench"
  commands+=("3: migsim $bench")
fi
if wants 4; then
  rounds 4 1 w4-old "$o bench --flee $os/data/flee/burundi" w4-new "$n bench --flee $ns/data/flee/burundi"
  commands+=("4: migsim bench --flee SRC/data/flee/burundi")
fi
if wants 5; then
  ens="--replicates $ensemble_reps --threads 1 -q"
  rounds 5 0 w5-old "$o run $os/scenarios/wb2022.lua $ens" w5-new "$n run $ns/scenarios/wb2022.lua $ens"
  commands+=("5: migsim run SRC/scenarios/wb2022.lua $ens (CPU = user + sys)")
fi
[ "$dry" = 1 ] && exit 0
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ------------------------------------------------------------------------------
export WORK=$work ONLY=$only RUNS=$runs QUICK=$quick FORK=$fork INSTRUCTIONS=$instructions
export COMPARE_REPS=$compare_reps COMPARE_MEASURED=$compare_measured ENSEMBLE_REPS=$ensemble_reps
echo "# migsim speed, issue 14: old $old_short against new $new_build"
echo
echo "- date: $date_start; $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)); load average $load_before before, $load_after after"
echo "- old: $old_bin (source $old_src, $old_sha)"
new_rev=$(git -C "$new_src" rev-parse --short HEAD 2>/dev/null || echo "unknown: not a git checkout")
new_dirty=
if git -C "$new_src" status --porcelain --untracked-files=no 2>/dev/null | grep -q .; then new_dirty=", uncommitted changes"; fi
echo "- new: $new_bin (source $new_src, HEAD $new_rev$new_dirty)"
echo "- rounds: $runs, old and new alternating (the figures are medians); $(hyperfine --version)"
echo
python3 - <<'EOF' || die "reading the measurements failed"
import glob, json, math, os, statistics

work = os.environ["WORK"]
only = os.environ["ONLY"].split(",")
quick = os.environ["QUICK"] == "1"
fork = os.environ["FORK"] == "1"
scale = int(os.environ["COMPARE_REPS"]) / int(os.environ["COMPARE_MEASURED"])
ens_reps = int(os.environ["ENSEMBLE_REPS"])
def results(tag):
    """hyperfine's result of each round's one run of TAG (warm-up runs are not in it)."""
    return [json.load(open(p))["results"][0] for p in glob.glob(os.path.join(work, f"{tag}.r*.json"))]

def walls(tag):
    return [t for res in results(tag) for t in res["times"]]

def cpus(tag):
    return [res["user"] + res["system"] for res in results(tag)]

def bench_rows(tag):
    """The bench's JSON line of each round's run."""
    rows = []
    for p in glob.glob(os.path.join(work, f"{tag}.r*.out")):
        rows += [json.loads(l) for l in open(p) if l.startswith("{")]
    return rows

def rss_mb(tag):
    with open(os.path.join(work, f"{tag}.rss")) as f:
        return int(f.read().split()[-1]) * 1024 / 1e6

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None

def times(v, k):
    return None if v is None else v * k

def sig3(v):
    """Three significant figures, trailing zeros kept (1.50, 0.473, 420)."""
    if v == 0:
        return "0"
    return f"{v:.{max(0, 2 - math.floor(math.log10(abs(v))))}f}"

rows = []
def row(name, old, new, target="-", met=None, fmt=sig3, ratio=True):
    show = lambda v: "n/a" if v is None else (v if isinstance(v, str) else fmt(v))
    r = "-"
    if ratio and isinstance(old, (int, float)) and isinstance(new, (int, float)) and old:
        r = f"{new / old:.3f}"
    if callable(met):  # a target check: not decidable when a figure is missing
        try:
            met = met()
        except TypeError:
            met = None
    m = "-" if met is None else ("yes" if met else "NO")
    rows.append((name, show(old), show(new), r, target, m))

if "1" in only:
    o, n = med(walls("w1-old")), med(walls("w1-new"))
    row("1 `run wb2022.lua` wall s", o, n, "new <= old/3", lambda: n <= o / 3)
    row("1 `run wb2022.lua` peak RSS MB", rss_mb("w1-old"), rss_mb("w1-new"))
    if os.environ["INSTRUCTIONS"] == "1":
        def ir(side):
            for l in open(os.path.join(work, f"ir-{side}.txt")):
                if "Collected :" in l:
                    return int(l.split(":")[-1])
        giga = lambda v: None if v is None else v / 1e9
        row("1 `run wb2022.lua` instructions (G, callgrind)", giga(ir("old")), giga(ir("new")),
            fmt=lambda v: f"{v:.2f}")
if "2" in only:
    est = f" (est.: {os.environ['COMPARE_MEASURED']} reps x{scale:g})" if quick else ""
    o, n = times(med(walls("w2-old")), scale), times(med(walls("w2-new")), scale)
    row(f"2 `compare` 200 reps, 2 threads, wall s{est}", o, n, "new <= 60 s", lambda: n <= 60)
    row(f"2 `compare` 200 reps, CPU s{est}", times(med(cpus("w2-old")), scale), times(med(cpus("w2-new")), scale))
    if fork:
        nf = times(med(walls("w2-newfork")), scale)
        row(f"2 `compare` 200 reps, new `--fork-at auto`, wall s{est}", o, nf, "new <= 60 s", lambda: nf <= 60)
if "3" in only:
    bo, bn = bench_rows("w3-old"), bench_rows("w3-new")
    o = times(med([b.get("agent_days_per_s") for b in bo]), 1e-6)
    n = times(med([b.get("agent_days_per_s") for b in bn]), 1e-6)
    row("3 `bench` 1M agents 100 days 1 thread: M agent-days/s", o, n, ">= 100 M", lambda: n >= 100)
    o, n = med([b.get("bytes_per_agent") for b in bo]), med([b.get("bytes_per_agent") for b in bn])
    row("3 `bench`: bytes/agent", o, n, "<= 28", lambda: n <= 28)
if "4" in only:
    o, n = med(walls("w4-old")), med(walls("w4-new"))
    row("4 `bench --flee` wall s (whole process)", o, n, "<= 0.40 s", lambda: n <= 0.40)
    bo, bn = bench_rows("w4-old"), bench_rows("w4-new")
    row("4 `bench --flee` run alone s (bench's own)", med([b.get("seconds") for b in bo]),
        med([b.get("seconds") for b in bn]))
    for key, label in (("ard", "ARD"), ("agent_days", "agent-steps")):
        vo, vn = sorted({b.get(key, "n/a") for b in bo}, key=str), sorted({b.get(key, "n/a") for b in bn}, key=str)
        show = lambda vs: " / ".join(f"{v:,}" if isinstance(v, int) else str(v) for v in vs)
        same = vo == vn and len(vo) == 1 and vo != ["n/a"]
        row(f"4 `bench --flee` {label}", show(vo), show(vn), "the same", same, ratio=False)
if "5" in only:
    per_hour = lambda tag: (lambda cpu: 3600 * ens_reps / cpu if cpu else None)(
        med(cpus(tag)))
    so, sn = per_hour("w5-old"), per_hour("w5-new")
    row(f"5 default-world sims per CPU-hour ({ens_reps} reps, 1 thread)", so, sn, ">= 10,000", lambda: sn >= 10000,
        fmt=lambda v: f"{v:,.0f}")

head = ("workload", "old", "new", "new/old", "target", "met?")
width = [max(len(r[i]) for r in rows + [head]) for i in range(6)]
fmt_row = lambda r: "| " + " | ".join(c.ljust(width[i]) if i in (0, 4, 5) else c.rjust(width[i]) for i, c in enumerate(r)) + " |"
print(fmt_row(head))
print("|" + "|".join("-" * (w + 2) if i in (0, 4, 5) else "-" * (w + 1) + ":" for i, w in enumerate(width)) + "|")
for r in rows:
    print(fmt_row(r))
EOF
echo
echo "Commands (SRC: each build's own source tree):"
for c in "${commands[@]}"; do echo "- $c"; done
if [ "$quick" = 1 ]; then
  echo "- --quick: compare measured at $compare_measured replicates and multiplied by $((compare_reps / compare_measured)); workload 5 at $ensemble_reps replicates"
fi
