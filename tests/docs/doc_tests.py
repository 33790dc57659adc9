#!/usr/bin/python3
"""Documentation tests: what the documents tell a reader to run runs, as written.

usage: doc_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR LUA_PARSE_CHECK

TEST is one of:
  readme   the Quick start's run command, then every shell block of README.md marked with
           a line `<!-- tutorial -->` just above its ```sh fence, in order, in WORK_DIR
           (emptied first, with links to the repository's scenarios/, plots/, data/, ...),
           with `build/migsim` replaced by MIGSIM and `migsim` and `python3` on PATH (this
           Python). Plot commands (`python3 plots/...`) are skipped, saying so, when this
           Python has no matplotlib. Every `-o` output a command names must exist after it.
           A ```lua listing marked `<!-- file: PATH -->` must be the file PATH, whole; each
           line of a block marked `<!-- output -->` must be a line that the tutorial block
           before it printed (stdout or stderr).
  interop  the blocks of docs/interop.md: ```sh blocks marked `<!-- tested -->` (they make
           the files), ```python blocks marked `<!-- tested -->`, ```python blocks marked
           `<!-- tested-if: pandas -->` when pandas imports, ```r blocks marked
           `<!-- tested-if: R -->` when Rscript and jsonlite are installed.
  types    the lua-language-server definitions in scripts/types/ parse and run as Lua 5.4
           (LUA_PARSE_CHECK, built from lua_parse_check.c), declare every global of the
           scenario API (sim/lua/lua_api.c, sim/lua/lua_host.c), every key each builder accepts, every
           field of the indicator table, the location kinds and modes (sim/core/world.c), the
           world's own parameter keys (`migsim params --format json`, the table of sim/core/params.c), and for the module migsim.flee its functions, the keys of its tables,
           the tables it hands to Lua (load's result, locations, the attractiveness argument,
           the indicator table of a Flee run), its location types, closure kinds and settings
           (sim/lua/flee_lua.c, sim/flee/flee_model.c, scripts/migsim/flee.lua); .luarc.json is valid
           JSON whose library folder exists; the JSON examples of docs/editor.md parse and its
           listing of .luarc.json is the file.
  parameters
           docs/parameters.md is exactly what `migsim params --format markdown` writes (the
           parameter table of sim/core/params.c).
  links    every relative link in README.md and docs/*.md names an existing file, and an
           existing heading when it has a #fragment into a Markdown file.
  flee_schema
           the Flee scenario scenarios/flee_burundi.lua at --set hasten=20, single and with
           --replicates 2, and docs/examples/flee_border.lua: their documents validate against
           docs/flee-output-schema.json and are self-consistent; the schema rejects altered
           documents; the settings of mig_flee_setting_specs (sim/flee/flee_model.c) are exactly
           those of docs/flee.md's table (with their ranges and defaults) and of the schema;
           every function of migsim.flee has a heading in docs/scenario-api.md's Flee section,
           and every ```lua example there that loads the Burundi folder runs.
  calibration_schema
           docs/calibration-schema.json is a valid, self-contained 2020-12 schema; the fixture
           tests/calibration/fixtures/post.json is what tests/calibration/make_fixture.py writes,
           validates and is self-consistent (tests/calibration/calibration_doc.py), as do its
           variants without history matching, without ABC-SMC and with daily targets; altered
           documents are rejected; `migsim calibrate` of scenarios/calibration/toy.lua on a
           small budget (both methods, and each alone) writes documents that validate, add up
           and export.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---------------------------------------------------------------------------------------------
# Markdown


MARK_RE = re.compile(r"^<!--\s*(tutorial|output|tested|tested-if:\s*\w+|file:\s*\S+)\s*-->$")


def code_blocks(text):
    """[(lang, body, line number of the fence, marker or None)] of the fenced blocks; the
    marker is the HTML comment on the line just above the fence."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        m = re.match(r"^```(\w*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        start, lang = i, m.group(1)
        j = i + 1
        while j < len(lines) and not re.match(r"^```\s*$", lines[j]):
            j += 1
        check(j < len(lines), f"unclosed code block at line {start + 1}")
        prev = lines[start - 1].strip() if start > 0 else ""
        mm = MARK_RE.match(prev)
        out.append((lang, "\n".join(lines[start + 1:j]), start + 1, mm.group(1) if mm else None))
        i = j + 1
    return out


def check_markers(text, name):
    """A marker must sit right above a fence: a stray one would silently test nothing."""
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if MARK_RE.match(line.strip()):
            nxt = lines[k + 1] if k + 1 < len(lines) else ""
            check(nxt.startswith("```"), f"{name}:{k + 1}: marker {line.strip()} is not just above a ``` fence")


def commands(body):
    """Logical shell commands of a block: backslash continuations and multi-line quoted
    strings are joined; blank lines and comment lines are dropped."""
    out, acc = [], ""
    for line in body.split("\n"):
        if not acc and (not line.strip() or line.lstrip().startswith("#")):
            continue
        acc = acc + "\n" + line if acc else line
        if acc.endswith("\\"):
            continue
        try:
            shlex.split(acc, comments=True)
        except ValueError:      # an open quote: the command goes on
            continue
        out.append(acc)
        acc = ""
    check(not acc, f"unterminated shell command: {acc!r}")
    return out


# ---------------------------------------------------------------------------------------------
# Running commands as a reader would


# How the documents call Python: README names Debian's /usr/bin/python3 (one interpreter).
PYTHONS = ("python3", "/usr/bin/python3")


class Shell:
    def __init__(self, migsim, src, work):
        self.migsim, self.src, self.work = os.path.abspath(migsim), src, work
        if os.path.exists(work):
            shutil.rmtree(work)
        os.makedirs(os.path.join(work, "bin"))
        # The repository's folders the documents name, as in a clone (outputs stay in work).
        for d in ("scenarios", "plots", "python", "R", "data", "docs", "scripts", "tools", "tests"):
            if os.path.exists(os.path.join(src, d)):
                os.symlink(os.path.join(src, d), os.path.join(work, d))
        os.symlink(self.migsim, os.path.join(work, "bin", "migsim"))
        os.symlink(sys.executable, os.path.join(work, "bin", "python3"))
        self.env = dict(os.environ)
        self.env["PATH"] = os.path.join(work, "bin") + os.pathsep + self.env.get("PATH", "")
        self.env["MPLBACKEND"] = "Agg"
        self.has_mpl = subprocess.run([sys.executable, "-c", "import matplotlib"],
                                      capture_output=True).returncode == 0

    def run(self, cmd, where):
        shown = cmd
        cmd = cmd.replace("build/migsim", shlex.quote(self.migsim))
        words = shlex.split(cmd, comments=True)
        if words[:2] and words[0] in PYTHONS and len(words) > 1 and words[1].startswith("plots/") \
                and not self.has_mpl:
            print(f"SKIPPED (this Python has no matplotlib): {shown}")
            return ""
        print(f"$ {shown}", flush=True)
        p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=self.work, env=self.env,
                           capture_output=True, text=True)
        sys.stdout.write(p.stdout[-3000:])
        if p.returncode != 0:
            sys.stdout.write(p.stderr[-3000:])
            raise Failure(f"{where}: exit status {p.returncode} from: {shown}")
        for out in outputs(words):
            check(os.path.exists(os.path.join(self.work, out)), f"{where}: {shown!r} did not write {out}")
        return p.stdout + p.stderr

    def script(self, argv, text, where):
        p = subprocess.run(argv, input=text, cwd=self.work, env=self.env, capture_output=True, text=True)
        sys.stdout.write(p.stdout[-1500:])
        if p.returncode != 0:
            sys.stdout.write(p.stderr[-3000:])
            raise Failure(f"{where}: exit status {p.returncode}:\n{text}")


def outputs(words):
    """Files a command says it writes with -o: BASENAME.png and .svg for the plot scripts."""
    out = []
    for k, w in enumerate(words[:-1]):
        if w in ("-o", "--output"):
            if words[0] in PYTHONS and len(words) > 1 and words[1].startswith("plots/"):
                out += [words[k + 1] + ".png", words[k + 1] + ".svg"]
            else:
                out.append(words[k + 1])
    return out


# ---------------------------------------------------------------------------------------------
# Tests


def test_readme(migsim, src, work, _lua_check):
    text = read(os.path.join(src, "README.md"))
    check_markers(text, "README.md")
    # One interpreter: Debian's /usr/bin/python3 (a bare python3 may be pyenv's, without matplotlib).
    bare = [f"README.md:{line}" for lang, body, line, _m in code_blocks(text) if lang == "sh"
            for c in commands(body) if shlex.split(c, comments=True)[:1] == ["python3"]]
    check(not bare, f"a command runs a bare python3, not /usr/bin/python3: {', '.join(bare)}")
    sh = Shell(migsim, src, work)
    # The Quick start's first command: build, then run. The build is what CTest is testing
    # already (and its second command is this test run), so only the run part runs here.
    qs = text.split("## Quick start", 1)
    check(len(qs) == 2, "README.md has no '## Quick start' section")
    first = next((b for b in code_blocks(qs[1]) if b[0] == "sh"), None)
    check(first is not None, "the Quick start has no ```sh block")
    cmd = first[1].strip().split("\n")[0]
    check("&&" in cmd, f"Quick start: expected 'tools/build.sh && ...', got {cmd!r}")
    run_part = cmd.split("&&", 1)[1].strip()
    check(run_part == "plots/make_default.sh", f"Quick start: expected 'plots/make_default.sh', got {run_part!r}")
    if sh.has_mpl:
        # The default run, a small comparison and the figures, into the test's folder.
        sh.run(f"OUT={shlex.quote(os.path.join(work, 'out'))} REPLICATES=2 PYTHON={shlex.quote(sys.executable)} "
               f"plots/make_default.sh build/migsim", "README.md Quick start")
        res = json.load(open(os.path.join(work, "out", "wb2022.json"), encoding="utf-8"))
        check(res.get("schema") == "migsim-run/1", "Quick start: wb2022.json is not a migsim-run/1 document")
        for f in ("frontex_monthly", "visa_forest", "visa_series", "flows"):
            for ext in ("png", "svg"):
                path = os.path.join(work, "out", f + "." + ext)
                check(os.path.getsize(path) > 1000, f"Quick start: {path} missing or empty")
    else:
        print("SKIPPED (this Python has no matplotlib): the Quick start's figures")

    # A listing marked <!-- file: PATH --> is that file, whole.
    for lang, body, line, mark in code_blocks(text):
        if mark and mark.startswith("file:"):
            path = mark.split(":", 1)[1].strip()
            check(os.path.exists(os.path.join(src, path)), f"README.md:{line}: {path} does not exist")
            check(body.rstrip("\n") == read(os.path.join(src, path)).rstrip("\n"),
                  f"README.md:{line}: the listing differs from {path}")
    blocks = [b for b in code_blocks(text) if b[3] in ("tutorial", "output")]
    n = sum(1 for b in blocks if b[3] == "tutorial")
    check(n >= 4, f"README.md: expected the tutorial's marked blocks, found {n}")
    last = None
    for lang, body, line, mark in blocks:
        if mark == "tutorial":
            check(lang == "sh", f"README.md:{line}: a block marked <!-- tutorial --> must be ```sh")
            last = "".join(sh.run(c, f"README.md:{line}") for c in commands(body))
            continue
        # <!-- output -->: every line shown is a line the previous tutorial block printed.
        check(last is not None, f"README.md:{line}: <!-- output --> before any tutorial block")
        printed = {ln.rstrip() for ln in last.split("\n")}
        stale = [ln for ln in body.split("\n") if ln.strip() and ln.rstrip() not in printed]
        check(not stale, f"README.md:{line}: the output shown is not what the commands print now "
                         f"(update README.md from the output above):\n  " + "\n  ".join(stale))
    print(f"README.md: Quick start run and {n} tutorial blocks ran; shown output matches")


def test_interop(migsim, src, work, _lua_check):
    text = read(os.path.join(src, "docs", "interop.md"))
    check_markers(text, "docs/interop.md")
    sh = Shell(migsim, src, work)
    blocks = code_blocks(text)
    has_pandas = subprocess.run([sys.executable, "-c", "import pandas"], capture_output=True).returncode == 0
    rscript = shutil.which("Rscript")
    has_r = bool(rscript) and subprocess.run([rscript, "-e", "library(jsonlite)"],
                                             capture_output=True).returncode == 0
    ran, skipped = 0, []
    for lang, body, line, mark in blocks:
        if mark == "tested" and lang == "sh":
            for c in commands(body):
                sh.run(c, f"docs/interop.md:{line}")
            ran += 1
    for lang, body, line, mark in blocks:
        where = f"docs/interop.md:{line}"
        if mark == "tested" and lang == "python":
            print(f"--- python block at line {line}")
            sh.script([sys.executable, "-"], body, where)
            ran += 1
        elif mark == "tested-if: pandas":
            check(lang == "python", f"{where}: a pandas block must be ```python")
            if not has_pandas:
                skipped.append(f"line {line} (pandas is not installed for {sys.executable})")
                continue
            print(f"--- pandas block at line {line}")
            sh.script([sys.executable, "-"], body, where)
            ran += 1
        elif mark == "tested-if: R":
            check(lang == "r", f"{where}: an R block must be ```r")
            if not has_r:
                skipped.append(f"line {line} (Rscript with the jsonlite package is not installed)")
                continue
            print(f"--- R block at line {line}")
            sh.script([rscript, "--vanilla", "-"], body, where)
            ran += 1
        elif mark == "tested" and lang != "sh":
            raise Failure(f"{where}: <!-- tested --> marks ```sh and ```python blocks only")
    check(ran >= 6, f"docs/interop.md: expected the marked blocks, ran {ran}")
    for s in skipped:
        print(f"SKIPPED docs/interop.md block at {s}")
    print(f"docs/interop.md: {ran} blocks ran, {len(skipped)} skipped")


# --- types ------------------------------------------------------------------------------------


def luals_declarations(paths):
    """Globals (`function NAME(`), classes {name: {field: optional}} and aliases {name: [values]}
    declared in lua-language-server annotation files."""
    funcs, classes, aliases = set(), {}, {}
    for path in paths:
        lines = read(path).split("\n")
        for k, line in enumerate(lines):
            m = re.match(r"^function ([A-Za-z_]\w*)\(", line)
            if m:
                funcs.add(m.group(1))
            m = re.match(r"^---@class\s+(?:\(exact\)\s+)?([\w.]+)(?:\s*:\s*([\w.]+))?", line)
            if m:
                fields = {}
                for fl in lines[k + 1:]:
                    f = re.match(r"^---@field\s+(\w+)(\??)\s", fl)
                    if not f:
                        break
                    fields[f.group(1)] = f.group(2) == "?"
                classes[m.group(1)] = {"fields": fields, "parent": m.group(2)}
            m = re.match(r"^---@alias\s+([\w.]+)\s*$", line)
            if m:
                vals = []
                for al in lines[k + 1:]:
                    a = re.match(r'^---\|\s*(?:"([^"]*)"|(\w+))', al)
                    if not a:
                        break
                    vals.append(a.group(1) if a.group(1) is not None else a.group(2))
                aliases[m.group(1)] = vals
    return funcs, classes, aliases


def c_functions(text):
    """{function name: body} of the top-level C functions of a file."""
    out = {}
    for m in re.finditer(r"^(?:static\s+)?[\w\s*]+?\b(\w+)\(([^)]*)\)\s*\n\{\n(.*?)^\}", text, re.M | re.S):
        out[m.group(1)] = m.group(3)
    return out


def c_string_arrays(body):
    """{array name: [strings]} of `static const char *const NAME[] = { "a", ..., NULL }`."""
    return {m.group(1): re.findall(r'"([^"]*)"', m.group(2))
            for m in re.finditer(r"static const char \*const (\w+)\[\]\s*=\s*\{([^}]*)\}", body)}


def test_types(migsim, src, work, lua_check):
    tdir = os.path.join(src, "scripts", "types")
    files = sorted(os.path.join(tdir, f) for f in os.listdir(tdir) if f.endswith(".lua"))
    check(os.path.join(tdir, "migsim.d.lua") in files, "scripts/types/migsim.d.lua is missing")
    # 1. Valid Lua 5.4 that runs without error (it declares, it does nothing).
    p = subprocess.run([lua_check] + files, capture_output=True, text=True)
    sys.stdout.write(p.stdout)
    check(p.returncode == 0, f"scripts/types/ does not parse or run as Lua 5.4:\n{p.stderr}")
    for f in files:
        first = read(f).split("\n", 1)[0]
        check(first.startswith("---@meta"), f"{f}: the first line must be ---@meta")
    # Not compiled into the binary.
    emb = read(os.path.join(src, "cmake", "embed.cmake"))
    check('EXCLUDE REGEX "^types/"' in emb, "cmake/embed.cmake must leave scripts/types/ out of the binary")

    funcs, classes, aliases = luals_declarations(files)
    problems = []

    def same(what, declared, actual):
        declared, actual = set(declared), set(actual)
        if declared != actual:
            problems.append(f"{what}: missing {sorted(actual - declared)}, not in the C code "
                            f"{sorted(declared - actual)}")

    api_c = read(os.path.join(src, "sim", "lua", "lua_api.c"))
    host_c = read(os.path.join(src, "sim", "lua", "lua_host.c"))
    world_c = read(os.path.join(src, "sim", "core", "world.c"))
    fns = c_functions(api_c)

    # 2. Every global of the API, and migsim's own print and require.
    api_names = re.findall(r'\{\s*"(\w+)",\s*l_\w+\s*\}', fns.get("mig_api_open", ""))
    check(len(api_names) >= 18, f"could not read the API table of sim/lua/lua_api.c (found {api_names})")
    host_names = re.findall(r'lua_pushcfunction\(L, l_\w+\);\s*lua_setfield\(L, -2, "(\w+)"\)',
                            c_functions(host_c).get("build_env", ""))
    host_names = [n for n in host_names if n not in ("random", "randomseed") and not n.startswith("__")]
    check({"print", "require"} <= set(host_names), f"could not read print/require in sim/lua/lua_host.c ({host_names})")
    for n in api_names + host_names:
        if n not in funcs:
            problems.append(f"global {n}() is not declared (function {n}(...) end)")

    # 3. Every builder's keys are the fields of its table class.
    builders = {("l_scenario", "keys"): "migsim.ScenarioSpec", ("l_country", "keys"): "migsim.CountrySpec",
                ("l_location", "keys"): "migsim.LocationSpec", ("l_route", "keys"): "migsim.RouteSpec",
                ("l_border", "keys"): "migsim.BorderSpec", ("l_nationality", "keys"): "migsim.NationalitySpec",
                ("l_nationality", "mkeys"): "migsim.Money", ("read_demand", "keys"): "migsim.DemandSeries",
                ("read_projection", "keys"): "migsim.DemandProjection",
                ("read_channels", "keys"): "migsim.ChannelSpec", ("l_visa", "keys"): "migsim.VisaSpec",
                ("l_visa_change", "keys"): "migsim.VisaChangeSpec"}
    for (fn, arr), cls in builders.items():
        keys = c_string_arrays(fns.get(fn, "")).get(arr)
        if keys is None:
            problems.append(f"could not read the keys of {fn}() in sim/lua/lua_api.c")
        elif cls not in classes:
            problems.append(f"class {cls} is not declared")
        else:
            same(f"{cls} (the keys {fn}() accepts)", classes[cls]["fields"], keys)
    # Keys the C code requires (field_string(..., NULL) / field_number(..., 1)) are not optional.
    for (fn, arr), cls in builders.items():
        body = fns.get(fn, "")
        req = set(re.findall(r'field_string\(L, \w+, "(\w+)", [^,]+, NULL\)', body))
        # (a number read with required = 1 only after checking that it is there is optional)
        probed = set(re.findall(r'(?:raw_field|lua_getfield)\(L, \w+, "(\w+)"\)', body))
        req |= set(re.findall(r'field_number\(L, \w+, "(\w+)", [^,]+, [^,]+, 1\)', body)) - probed
        for k in req:
            if classes.get(cls, {}).get("fields", {}).get(k) is True:
                problems.append(f"{cls}.{k} is required by {fn}() but declared optional")

    # 4. The indicator table.
    hfns = c_functions(host_c)
    counts = re.findall(r'F\("(\w+)",', hfns.get("push_summary", ""))
    check(len(counts) >= 10, "could not read push_summary() in sim/lua/lua_host.c")
    same("migsim.Counts (push_summary)", classes.get("migsim.Counts", {}).get("fields", {}), counts)
    set_names = re.findall(r'lua_setfield\(L, -2, "(\w+)"\)', hfns.get("push_indicators", ""))
    ind = classes.get("migsim.Indicators", {}).get("fields", {})
    last_own = classes.get("migsim.LastCounts", {}).get("fields", {})
    border = classes.get("migsim.BorderCounts", {}).get("fields", {})
    if classes.get("migsim.LastCounts", {}).get("parent") != "migsim.Counts":
        problems.append("migsim.LastCounts must extend migsim.Counts")
    same("migsim.Indicators + LastCounts + BorderCounts (push_indicators)",
         set(ind) | set(last_own) | set(border), set_names)

    # 5. Enums and global parameter keys.
    for cname, alias in (("mig_loc_kind_names", "migsim.LocationKind"), ("mig_mode_names", "migsim.Mode")):
        m = re.search(cname + r"\[[^\]]*\]\s*=\s*\{([^}]*)\}", world_c)
        check(m is not None, f"could not read {cname} in sim/core/world.c")
        same(f"alias {alias} ({cname})", aliases.get(alias, []), re.findall(r'"(\w+)"', m.group(1)))
    # The world's own keys come from the parameter table, as the binary has it.
    p = subprocess.run([migsim, "params", "--format", "json"], capture_output=True, text=True)
    check(p.returncode == 0, f"migsim params --format json failed:\n{p.stderr}")
    rows = json.loads(p.stdout)
    check(len(rows) >= 30 and all("pattern" in r and "entity" in r for r in rows),
          "migsim params --format json is not a list of table rows")
    kinds = re.findall(r'"(\w+)"', re.search(r"mig_loc_kind_names\[[^\]]*\]\s*=\s*\{([^}]*)\}", world_c).group(1))
    modes = re.findall(r'"(\w+)"', re.search(r"mig_mode_names\[[^\]]*\]\s*=\s*\{([^}]*)\}", world_c).group(1))
    keys = []
    for r in rows:
        if r["pattern"].endswith("<kind>"):
            keys += [r["pattern"].replace("<kind>", k) for k in kinds]
        elif r["pattern"].endswith("<mode>"):
            keys += [r["pattern"].replace("<mode>", m_) for m_ in modes]
        elif "<" not in r["pattern"]:
            keys.append(r["pattern"])
    check("move_prob.city" in keys and "speed.road" in keys and "smuggling.threshold" in keys,
          f"could not expand the world's keys from migsim params ({keys})")
    declared = [v for v in aliases.get("migsim.ParamKey", []) if v != "string"]
    same("alias migsim.ParamKey (the world's keys in `migsim params`)", declared, keys)

    # 6. The modules bound to require names.
    for mod in ("migsim.westbalkans", "migsim.wb_world", "migsim.wb_demand", "migsim.wb_long",
                "migsim.wb_long_demand"):
        path = os.path.join(tdir, mod + ".d.lua")
        if not os.path.exists(path) or not read(path).startswith("---@meta " + mod + "\n"):
            problems.append(f"{path} must start with '---@meta {mod}'")
        if mod not in classes:
            problems.append(f"class {mod} is not declared")
    wb = read(os.path.join(src, "scripts", "migsim", "westbalkans.lua"))
    wb_fields = set(re.findall(r"^M\.(\w+)\s*=", wb, re.M)) | set(re.findall(r"^function M\.(\w+)\(", wb, re.M))
    wb_fields |= set(re.findall(r"(\w+)\s*=\s*\w+", re.search(r"local M = \{([^}]*)\}", wb).group(1)))
    same("class migsim.westbalkans (scripts/migsim/westbalkans.lua)",
         classes.get("migsim.westbalkans", {}).get("fields", {}), wb_fields)
    wbw = read(os.path.join(src, "scripts", "migsim", "wb_world.lua"))
    wbw_fields = set(re.findall(r"^M\.(\w+)\s*=", wbw, re.M)) | set(re.findall(r"^function M\.(\w+)\(", wbw, re.M))
    same("class migsim.wb_world (scripts/migsim/wb_world.lua)",
         classes.get("migsim.wb_world", {}).get("fields", {}), wbw_fields)
    wbl = read(os.path.join(src, "scripts", "migsim", "wb_long.lua"))
    wbl_fields = set(re.findall(r"^M\.(\w+)\s*=", wbl, re.M)) | set(re.findall(r"^function M\.(\w+)\(", wbl, re.M))
    wbl_fields |= set(re.findall(r"(\w+)\s*=\s*\w+", re.search(r"local M = \{([^}]*)\}", wbl).group(1)))
    same("class migsim.wb_long (scripts/migsim/wb_long.lua)",
         classes.get("migsim.wb_long", {}).get("fields", {}), wbl_fields)

    # 7. migsim.flee: its functions, the keys of its tables, the tables it hands to Lua, and
    #    its names (sim/lua/flee_lua.c, sim/flee/flee_model.c, scripts/migsim/flee.lua).
    path = os.path.join(tdir, "migsim.flee.d.lua")
    if not os.path.exists(path) or not read(path).startswith("---@meta migsim.flee\n"):
        problems.append(f"{path} must start with '---@meta migsim.flee'")
    flua_c = read(os.path.join(src, "sim", "lua", "flee_lua.c"))
    ffns = c_functions(flua_c)
    core = re.findall(r'\{\s*"(\w+)",\s*l_\w+\s*\}', ffns.get("mig_flee_lua_open", ""))
    check(len(core) >= 10, f"could not read the functions of sim/lua/flee_lua.c (found {core})")
    flee_lua = read(os.path.join(src, "scripts", "migsim", "flee.lua"))
    lua_fns = re.findall(r"^function M\.(\w+)\(", flee_lua, re.M)
    same("class migsim.flee (sim/lua/flee_lua.c and scripts/migsim/flee.lua)",
         classes.get("migsim.flee", {}).get("fields", {}), core + lua_fns)
    flee_tables = {"l_load": "migsim.flee.LoadOptions", "l_location": "migsim.flee.LocationSpec",
                   "l_route": "migsim.flee.RouteSpec", "l_close": "migsim.flee.CloseSpec",
                   "l_reopen": "migsim.flee.ReopenSpec", "l_spawn": "migsim.flee.SpawnSpec",
                   "l_camp": "migsim.flee.CampSpec"}
    for fn, cls in flee_tables.items():
        keys = c_string_arrays(ffns.get(fn, "")).get("keys")
        if keys is None:
            problems.append(f"could not read the keys of {fn}() in sim/lua/flee_lua.c")
        elif cls not in classes:
            problems.append(f"class {cls} is not declared")
        else:
            same(f"{cls} (the keys {fn}() accepts)", classes[cls]["fields"], keys)
            body = ffns.get(fn, "") + (ffns.get("closure_arg", "") if fn in ("l_close", "l_reopen") else "")
            req = set(re.findall(r'field_string\(L, \w+, "(\w+)", [^,]+, NULL\)', body))
            req |= set(re.findall(r'field_number\(L, \w+, "(\w+)", [^,]+, [^,]+, 1\)', body))
            for k in req:
                if classes[cls]["fields"].get(k) is True:
                    problems.append(f"{cls}.{k} is required by {fn}() but declared optional")

    def setfields(fn):
        return re.findall(r'lua_setfield\(L, -2, "(\w+)"\)', ffns.get(fn, ""))
    same("migsim.flee.Info (push_summary_table)", classes.get("migsim.flee.Info", {}).get("fields", {}),
         setfields("push_summary_table"))
    loc = classes.get("migsim.flee.Location", {}).get("fields", {})
    same("migsim.flee.Location (push_loc_table)", loc, setfields("push_loc_table"))
    scored = classes.get("migsim.flee.ScoredLocation", {})
    if scored.get("parent") != "migsim.flee.Location":
        problems.append("migsim.flee.ScoredLocation must extend migsim.flee.Location")
    same("migsim.flee.ScoredLocation (score_one)", set(scored.get("fields", {})) | set(loc),
         setfields("score_one") + setfields("push_loc_table"))
    same("migsim.flee.Indicators + CampCounts (mig_flee_push_indicators)",
         set(classes.get("migsim.flee.Indicators", {}).get("fields", {})) |
         set(classes.get("migsim.flee.CampCounts", {}).get("fields", {})), setfields("mig_flee_push_indicators"))
    fmodel = read(os.path.join(src, "sim", "flee", "flee_model.c"))
    for cname, alias in (("mig_flee_type_names", "migsim.flee.LocationType"),
                         ("mig_flee_close_names", "migsim.flee.ClosureKind")):
        m = re.search(cname + r"\[[^\]]*\]\s*=\s*\{([^}]*)\}", fmodel)
        check(m is not None, f"could not read {cname} in sim/flee/flee_model.c")
        same(f"alias {alias} ({cname})", aliases.get(alias, []), re.findall(r'"(\w+)"', m.group(1)))
    m = re.search(r"mig_flee_setting_specs\[\] = \{(.*?)\{ NULL", fmodel, re.S)
    check(m is not None, "could not read mig_flee_setting_specs in sim/flee/flee_model.c")
    same("alias migsim.flee.Setting (mig_flee_setting_specs)",
         [a for a in aliases.get("migsim.flee.Setting", []) if a != "string"],
         re.findall(r'\{\s*"\w+",\s*"(\w+)",', m.group(1)))

    # 8. The editor configuration.
    luarc = json.loads(read(os.path.join(src, ".luarc.json")))
    lib = luarc.get("workspace.library") or luarc.get("workspace", {}).get("library")
    check(isinstance(lib, list) and lib, ".luarc.json: workspace.library must list scripts/types")
    for d in lib:
        check(os.path.isdir(os.path.join(src, d)), f".luarc.json: library folder {d} does not exist")
    ver = luarc.get("runtime.version") or luarc.get("runtime", {}).get("version")
    check(ver == "Lua 5.4", f".luarc.json: runtime.version must be 'Lua 5.4', got {ver!r}")

    # docs/editor.md: its JSON examples are JSON, and the listing of .luarc.json is the file.
    for lang, body, line, mark in code_blocks(read(os.path.join(src, "docs", "editor.md"))):
        if lang == "json":
            try:
                json.loads(body)
            except ValueError as e:
                problems.append(f"docs/editor.md:{line}: not JSON ({e})")
        if mark and mark.startswith("file:"):
            path = mark.split(":", 1)[1].strip()
            if body.rstrip("\n") != read(os.path.join(src, path)).rstrip("\n"):
                problems.append(f"docs/editor.md:{line}: the listing differs from {path}")

    if problems:
        raise Failure("scripts/types/ does not match the C bindings:\n  " + "\n  ".join(problems))
    print(f"scripts/types/: {len(files)} files, {len(funcs)} globals, {len(classes)} classes, "
          f"{len(aliases)} aliases; they match sim/lua/lua_api.c, sim/lua/lua_host.c and sim/core/world.c")


# --- links ------------------------------------------------------------------------------------


def slug(heading):
    """GitHub's anchor for a heading."""
    h = re.sub(r"`([^`]*)`", r"\1", heading.strip().lower())
    h = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h)
    h = re.sub(r"[^\w\- ]", "", h)
    return h.replace(" ", "-")


def anchors(md_text):
    out, seen = set(), {}
    in_code = False
    for line in md_text.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
            continue
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m and not in_code:
            s = slug(m.group(1))
            n = seen.get(s, 0)
            out.add(s if n == 0 else f"{s}-{n}")
            seen[s] = n + 1
    return out


def test_parameters(migsim, src, work, _lua_check):
    """docs/parameters.md is what `migsim params --format markdown` writes."""
    import difflib
    p = subprocess.run([migsim, "params", "--format", "markdown"], capture_output=True, text=True)
    check(p.returncode == 0, f"migsim params --format markdown failed:\n{p.stderr}")
    have = read(os.path.join(src, "docs", "parameters.md"))
    if have != p.stdout:
        diff = "".join(difflib.unified_diff(have.splitlines(True), p.stdout.splitlines(True),
                                            "docs/parameters.md (checked in)", "migsim params --format markdown"))
        raise Failure("docs/parameters.md is stale: regenerate it with\n"
                      "  build/migsim params --format markdown > docs/parameters.md\n" + diff)
    print(f"docs/parameters.md matches the table ({have.count(chr(10))} lines)")


def test_links(_migsim, src, work, _lua_check):
    docs = [os.path.join(src, "README.md")] + sorted(
        os.path.join(src, "docs", f) for f in os.listdir(os.path.join(src, "docs")) if f.endswith(".md"))
    bad, n = [], 0
    for doc in docs:
        text = read(doc)
        text_nocode = re.sub(r"```.*?```", "", text, flags=re.S)
        for m in re.finditer(r"\]\(([^)\s]+)\)", text_nocode):
            target = m.group(1)
            if re.match(r"^[a-z]+:", target):
                continue
            n += 1
            path, _, frag = target.partition("#")
            full = os.path.normpath(os.path.join(os.path.dirname(doc), path)) if path else doc
            rel = os.path.relpath(doc, src)
            if not os.path.exists(full):
                bad.append(f"{rel}: ({target}): no such file")
            elif frag and full.endswith(".md") and frag not in anchors(read(full)):
                bad.append(f"{rel}: ({target}): no heading with that anchor in {os.path.relpath(full, src)}")
    check(not bad, "broken links:\n  " + "\n  ".join(bad))
    print(f"{n} relative links in {len(docs)} documents resolve")


# --- flee_schema ------------------------------------------------------------------------------


def flee_specs(src):
    """[(section, name, lo, hi, kind, default)] of mig_flee_setting_specs and
    mig_flee_settings_default in sim/flee/flee_model.c (lo/hi as written in C)."""
    text = read(os.path.join(src, "sim", "flee", "flee_model.c"))
    body = re.search(r"void mig_flee_settings_default\(mig_flee_settings \*s\)\n\{(.*?)\n\}", text, re.S)
    check(body is not None, "could not read mig_flee_settings_default() in sim/flee/flee_model.c")
    defaults = {}
    for m in re.finditer(r"s->(\w+)\s*=\s*([-0-9.e/ ]+);", body.group(1)):
        defaults[m.group(1)] = eval(m.group(2))  # literals and one division, from our own C file
    table = re.search(r"mig_flee_setting_specs\[\] = \{(.*?)\{ NULL", text, re.S)
    check(table is not None, "could not read mig_flee_setting_specs in sim/flee/flee_model.c")
    specs = re.findall(r'\{\s*"(\w+)",\s*"(\w+)",\s*F\((\w+)\),\s*([^,]+),\s*([^,]+),\s*\'(\w)\'', table.group(1))
    check(len(specs) >= 25, f"could not read mig_flee_setting_specs (found {len(specs)})")
    return [(sec, name, lo.strip(), hi.strip(), kind, defaults.get(field, 0.0))
            for sec, name, field, lo, hi, kind in specs]


def flee_range_text(lo, hi, kind):
    """The range column of docs/flee.md's settings table for a spec."""
    if kind == "b":
        return "true/false"
    los = {"POS": "(0", "-INF": "(-inf"}.get(lo, "[" + lo)
    his = {"BELOW1": "1)", "INF": "inf)", "MIG_FLEE_MAX_AWARENESS": "6]"}.get(hi, hi + "]")
    return ("integer " if kind == "i" else "") + f"{los}, {his}"


def check_flee_doc(d, schema_id):
    """What the schema cannot say about a Flee document: lengths, keys, sums and means."""
    n = d["meta"]["days"]
    check(d["schema"] == schema_id, f"schema {d['schema']!r}, expected {schema_id}")
    check(len(d["dates"]) == n and d["dates"][0] == d["meta"]["start"] and d["dates"][-1] == d["meta"]["end"],
          f"{schema_id}: dates do not run from meta.start to meta.end over meta.days")
    camps = d["meta"]["camps"]
    check(list(d["daily"]["camps"]) == camps, f"{schema_id}: daily.camps keys {list(d['daily']['camps'])} != meta.camps")
    for c in camps:
        check(f"camp_end.{c}" in d["totals"], f"{schema_id}: totals has no camp_end.{c}")
        obs = d["daily"]["camps"][c]["observed"]
        check((obs is None) == (f"observed_end.{c}" not in d["totals"]),
              f"{schema_id}: observed_end.{c} must be there exactly when the camp has observed counts")
        check(obs is None or len(obs) == n, f"{schema_id}: daily.camps.{c}.observed has {len(obs)} days, not {n}")
    locs = [loc["name"] for loc in d["meta"]["locations"]]
    check(set(camps) <= set(locs), f"{schema_id}: meta.camps names a location not in meta.locations")
    if schema_id == "migsim-flee-run/1":
        check(list(d["daily"]["population"]) == locs, f"{schema_id}: daily.population keys are not meta.locations")
        for k, v in d["daily"].items():
            arrays = v.values() if k in ("population", "camps") else [v]
            for a in arrays:
                for arr in (a.values() if isinstance(a, dict) else [a]):
                    check(arr is None or len(arr) == n, f"{schema_id}: daily.{k} is not {n} days long")
        t, dl = d["totals"], d["daily"]
        for k in ("ard", "ard_rescaled"):
            check(abs(t[k] - sum(dl[k]) / n) < 1e-9, f"{schema_id}: totals.{k} is not the mean of daily.{k}")
        check(abs(t["total_error_mean"] - sum(dl["total_error"]) / n) < 1e-9,
              f"{schema_id}: totals.total_error_mean is not the mean of daily.total_error")
        check(t["spawned"] == sum(dl["spawned"]), f"{schema_id}: totals.spawned != sum of daily.spawned")
        check(t["agents_end"] == dl["agents"][-1], f"{schema_id}: totals.agents_end != daily.agents[-1]")
        check(t["in_transit_end"] == dl["in_transit"][-1], f"{schema_id}: totals.in_transit_end != daily.in_transit[-1]")
        check(t["in_camps_end"] == dl["in_camps_simulated"][-1], f"{schema_id}: in_camps_end != in_camps_simulated[-1]")
        for c in camps:
            sim = dl["camps"][c]["simulated"]
            check(sim == dl["population"][c], f"{schema_id}: daily.camps.{c}.simulated != daily.population.{c}")
            check(t[f"camp_end.{c}"] == sim[-1], f"{schema_id}: totals.camp_end.{c} != its last simulated value")
        # Every person is somewhere: at a location or on a link.
        for i in range(n):
            here = sum(dl["population"][loc][i] for loc in locs)
            check(abs(here + dl["in_transit"][i] - dl["agents"][i]) < 1e-6,
                  f"{schema_id}: day {i}: {here} at locations + {dl['in_transit'][i]} in transit != {dl['agents'][i]} agents")
    else:
        r, seeds = d["meta"]["replicates"], d["meta"]["seeds"]
        check(len(seeds) == r and seeds == list(range(seeds[0], seeds[0] + r)), f"{schema_id}: seeds {seeds}")
        check(list(d["totals"]) == list(d["totals_sd"]) == list(d["replicate_totals"]),
              f"{schema_id}: totals, totals_sd and replicate_totals have different keys")
        for k, reps in d["replicate_totals"].items():
            check(len(reps) == r, f"{schema_id}: replicate_totals.{k} has {len(reps)} values for {r} replicates")
            check(abs(d["totals"][k] - sum(reps) / r) <= 1e-9 * max(1.0, abs(d["totals"][k])),
                  f"{schema_id}: totals.{k} is not the mean of replicate_totals.{k}")
        for c in camps:
            for part in ("mean", "sd"):
                check(len(d["daily"]["camps"][c][part]) == n, f"{schema_id}: daily.camps.{c}.{part} is not {n} days")
        check(len(d["daily"]["ard"]["mean"]) == n, f"{schema_id}: daily.ard.mean is not {n} days long")


def test_flee_schema(migsim, src, work, _lua_check):
    import copy
    import jsonschema
    sh = Shell(migsim, src, work)
    schema = json.loads(read(os.path.join(src, "docs", "flee-output-schema.json")))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    v = cls(schema)

    def validate(doc, what):
        errors = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
        check(not errors, f"{what} does not validate against docs/flee-output-schema.json:\n  " + "\n  ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:10]))

    # 1. The documents of a run, of replicates and of the worked example validate and add up.
    sh.run("build/migsim run scenarios/flee_burundi.lua --set hasten=20 -q -o flee.json", "flee run")
    sh.run("build/migsim run scenarios/flee_burundi.lua --set hasten=20 --replicates 2 -q -o flee2.json",
           "flee replicates")
    sh.run("build/migsim run docs/examples/flee_border.lua --set hasten=20 -q -o border.json", "flee example")
    docs = {f: json.load(open(os.path.join(work, f), encoding="utf-8")) for f in ("flee.json", "flee2.json", "border.json")}
    for f, d in docs.items():
        validate(d, f)
        check_flee_doc(d, d["schema"])
    # Without observed counts the errors are null, not a perfect 0 (issue 12), in both documents.
    nodata = os.path.join(src, "tests", "flee", "toy_nodata.lua")
    sh.run(f"build/migsim run {nodata} -q -o nodata.json", "flee run without data")
    sh.run(f"build/migsim run {nodata} --replicates 2 -q -o nodata2.json", "flee replicates without data")
    for f in ("nodata.json", "nodata2.json"):
        d = json.load(open(os.path.join(work, f), encoding="utf-8"))
        validate(d, f)
        check(d["totals"]["ard"] is None, f"{f}: totals.ard is {d['totals']['ard']}, expected null")
    run, ens = docs["flee.json"], docs["flee2.json"]
    check(run["schema"] == "migsim-flee-run/1" and ens["schema"] == "migsim-flee-ensemble/1", "schema ids")
    check(run["meta"]["hasten"] == 20 and run["meta"]["compat"] == "strict", "flee.json: hasten 20, strict rules")
    check(ens["meta"]["seeds"] == [1, 2], f"flee2.json: seeds {ens['meta']['seeds']}")
    check(0.3 < run["totals"]["ard"] < 0.7, f"flee.json: ARD {run['totals']['ard']} far from Flee's 0.47")
    labels = [e["label"] for e in docs["border.json"]["meta"]["events"]]
    check("Tanzania closes its border with Burundi" in labels, f"border.json: the closure is not logged ({labels})")

    # 2. The schema is strict.
    def altered(doc, fn):
        d = copy.deepcopy(doc)
        fn(d)
        return d
    bad = {
        "another schema id": lambda d: d.__setitem__("schema", "migsim-flee-run/2"),
        "an extra top-level key": lambda d: d.__setitem__("extra", 1),
        "no totals": lambda d: d.pop("totals"),
        "an extra total": lambda d: d["totals"].__setitem__("arrivals", 1),
        "a negative count": lambda d: d["daily"]["spawned"].__setitem__(0, -1),
        "an unknown setting": lambda d: d["meta"]["settings"].__setitem__("max_walk_sped", 35),
        "a missing setting": lambda d: d["meta"]["settings"].pop("hasten"),
        "a boolean setting of 2": lambda d: d["meta"]["settings"].__setitem__("strict", 2),
        "an unknown location type": lambda d: d["meta"]["locations"][0].__setitem__("type", "city"),
        "compat 'lax'": lambda d: d["meta"].__setitem__("compat", "lax"),
        "a camp without observed": lambda d: next(iter(d["daily"]["camps"].values())).pop("observed"),
    }
    accepted = [what for what, fn in bad.items() if v.is_valid(altered(run, fn))]
    accepted += ["(ensemble) " + what for what, fn in {
        "a seed in meta": lambda d: d["meta"].__setitem__("seed", 1),
        "no totals_sd": lambda d: d.pop("totals_sd"),
        "a run's daily series": lambda d: d["daily"].__setitem__("spawned", [0]),
    }.items() if v.is_valid(altered(ens, fn))]
    check(not accepted, "docs/flee-output-schema.json accepts a document with " + "; ".join(accepted))

    # 3. The settings: sim/flee/flee_model.c, docs/flee.md's table, the schema and meta.settings agree.
    specs = flee_specs(src)
    names = [name for _, name, *_ in specs]
    sprops = schema["$defs"]["settings"]["properties"]
    check(sorted(sprops) == sorted(names + ["conflict_spawn_decay"]),
          f"schema settings {sorted(set(sprops) ^ set(names + ['conflict_spawn_decay']))} differ from sim/flee/flee_model.c")
    check(sorted(run["meta"]["settings"]) == sorted(sprops), "meta.settings keys differ from the schema's")
    flee_md = read(os.path.join(src, "docs", "flee.md"))
    rows = {}
    for m in re.finditer(r"^\| `(\w+)\.(\w+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$", flee_md, re.M):
        rows[m.group(2)] = (m.group(1), m.group(3).strip(), m.group(4).strip())
    problems = []
    for sec, name, lo, hi, kind, default in specs:
        if name not in rows:
            problems.append(f"{sec}.{name} is not in docs/flee.md's settings table")
            continue
        dsec, ddef, drange = rows.pop(name)
        want_def = ("true" if default else "false") if kind == "b" else f"{default:g}"
        if dsec != sec:
            problems.append(f"{name}: section {dsec} in docs/flee.md, {sec} in sim/flee/flee_model.c")
        if not (ddef == want_def or ddef.startswith(f"{default:.3g} (")):
            problems.append(f"{sec}.{name}: default {ddef!r} in docs/flee.md, {want_def} in sim/flee/flee_model.c")
        if drange != flee_range_text(lo, hi, kind):
            problems.append(f"{sec}.{name}: range {drange!r} in docs/flee.md, {flee_range_text(lo, hi, kind)!r} in C")
    problems += [f"docs/flee.md lists {sec}.{name}, which sim/flee/flee_model.c does not have" for name, (sec, _, _) in rows.items()]
    check(not problems, "docs/flee.md's settings table does not match sim/flee/flee_model.c:\n  " + "\n  ".join(problems))

    # 4. The examples of scenario-api.md's Flee section run (as files two folders below the
    #    repository root, so that "../../data/flee/burundi" is the shipped folder).
    api = read(os.path.join(src, "docs", "scenario-api.md"))
    sec = api.split("## Flee scenarios (migsim.flee)", 1)
    check(len(sec) == 2, "docs/scenario-api.md has no '## Flee scenarios (migsim.flee)' section")
    sec = sec[1].split("\n## ", 1)[0]
    # Every function of the module has a heading there (### flee.NAME, or several: "flee.set, flee.get").
    core = re.findall(r'\{\s*"(\w+)",\s*l_\w+\s*\}',
                      c_functions(read(os.path.join(src, "sim", "lua", "flee_lua.c"))).get("mig_flee_lua_open", ""))
    lua_fns = re.findall(r"^function M\.(\w+)\(", read(os.path.join(src, "scripts", "migsim", "flee.lua")), re.M)
    check(len(core) >= 10, f"could not read the functions of sim/lua/flee_lua.c (found {core})")
    headed = set(re.findall(r"flee\.(\w+)", " ".join(re.findall(r"^### (.*)$", sec, re.M))))
    missing = sorted(set(core + lua_fns) - headed)
    check(not missing, f"docs/scenario-api.md's Flee section has no heading for flee.{', flee.'.join(missing)}")
    os.makedirs(os.path.join(work, "ex", "flee"))
    ran = 0
    for lang, body, line, _mark in code_blocks(sec):
        if lang != "lua" or "flee.load(" not in body:
            continue
        path = os.path.join("ex", "flee", f"example{line}.lua")
        with open(os.path.join(work, path), "w", encoding="utf-8") as f:
            f.write(body + "\n")
        sh.run(f"build/migsim run {path} --set hasten=20 -q -o {path}.json", f"docs/scenario-api.md Flee example {ran + 1}")
        validate(json.load(open(os.path.join(work, path + ".json"), encoding="utf-8")), f"Flee example {ran + 1}")
        ran += 1
    check(ran >= 10, f"docs/scenario-api.md: expected the Flee section's examples, ran {ran}")
    print(f"Flee documents valid and consistent; {len(bad) + 3} altered documents rejected; "
          f"{len(specs)} settings match docs/flee.md; {ran} scenario-api.md examples ran")


def test_calibration_schema(migsim, src, work, _lua_check):
    migsim = os.path.abspath(migsim)
    import copy
    sys.path.insert(0, os.path.join(src, "tests", "calibration"))
    import calibration_doc
    v = calibration_doc.validator(src)
    schema = json.loads(read(os.path.join(src, "docs", "calibration-schema.json")))
    def refs(x):
        if isinstance(x, dict):
            return [v for k, v in x.items() if k == "$ref"] + [r for k, v in x.items() if k != "$ref" for r in refs(v)]
        return [r for v in x for r in refs(v)] if isinstance(x, list) else []
    foreign = [r for r in refs(schema) if not r.startswith("#/")]
    check(refs(schema), "docs/calibration-schema.json: no $refs found (the check itself is broken)")
    check(not foreign, f"docs/calibration-schema.json: non-local $refs {foreign}")

    # 1. The committed fixture is the generator's output, byte for byte.
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    fixture = os.path.join(src, "tests", "calibration", "fixtures", "post.json")
    fresh = os.path.join(work, "post.json")
    p = subprocess.run([sys.executable, os.path.join(src, "tests", "calibration", "make_fixture.py"), fresh],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"make_fixture.py failed: {p.stderr}")
    check(read(fresh) == read(fixture), "tests/calibration/fixtures/post.json differs from what "
          "tests/calibration/make_fixture.py writes: run it and commit the file")

    # 2. The fixture and its variants (one method each) validate and add up.
    doc = json.loads(read(fixture))
    hm_only = copy.deepcopy(doc)
    hm_only["abc_smc"] = None
    hm_only["meta"]["methods"] = ["history_matching"]
    abc_only = copy.deepcopy(doc)
    abc_only["history_matching"] = None
    abc_only["meta"]["methods"] = ["abc_smc"]
    daily = copy.deepcopy(doc)  # a daily target (a Flee run's camps_daily), no dispersion estimated
    for t in daily["targets"]:
        t.update(model="poisson", dispersion=None, dispersion_estimated=False, observed_file="flee",
                 window=["2015-06-01", "2015-06-26"], months=[f"2015-06-{d:02d}" for d in range(1, 27, 5)])
    for r in daily["fit"]:
        r["month"] = f"2015-06-{1 + 5 * int(r['month'][5:]) - 5:02d}"
    daily["posterior"]["dispersion"] = None
    for w in daily["history_matching"]["waves"]:
        w.pop("dispersion_used")
    for what, d in (("the fixture", doc), ("the fixture without ABC-SMC", hm_only),
                    ("the fixture without history matching", abc_only), ("the fixture with daily targets", daily)):
        problems = calibration_doc.problems(d, src, v)
        check(not problems, f"{what} is not a good migsim-calibration/1 document:\n  " + "\n  ".join(problems[:10]))
    dists = sorted(p["prior"]["distribution"] for p in doc["parameters"])
    check(dists == ["beta", "loguniform", "normal", "uniform"], f"the fixture's priors are {dists}, not one of each")

    # 3. The schema is strict, and the consistency checks catch what it cannot.
    def altered(fn):
        d = copy.deepcopy(doc)
        fn(d)
        return d

    def prior(i):
        return lambda d: d["parameters"][i]["prior"]

    bad = {
        "another schema id": lambda d: d.__setitem__("schema", "migsim-calibration/2"),
        "an extra top-level key": lambda d: d.__setitem__("extra", 1),
        "no fit": lambda d: d.pop("fit"),
        "no history_matching key": lambda d: d.pop("history_matching"),
        "no runtime": lambda d: d.pop("runtime"),
        "an unknown method": lambda d: d["meta"]["methods"].append("mcmc"),
        "history matching in methods but null": lambda d: d.__setitem__("history_matching", None),
        "a short sha256": lambda d: d["meta"].__setitem__("spec_sha256", "abc"),
        "a version that is not x.y.z": lambda d: d["meta"].__setitem__("migsim_version", "dev"),
        "a gamma prior": lambda d: prior(0)(d).__setitem__("distribution", "gamma"),
        "a uniform prior with a mean": lambda d: prior(0)(d).__setitem__("mean", 0.5),
        "a prior without hi": lambda d: prior(0)(d).pop("hi"),
        "a loguniform prior from 0": lambda d: prior(1)(d).__setitem__("lo", 0),
        "a normal prior without sd": lambda d: prior(2)(d).pop("sd"),
        "a beta prior with b = 0": lambda d: prior(3)(d).__setitem__("b", 0),
        "a parameter with a range": lambda d: d["parameters"][0].__setitem__("range", [0, 1]),
        "a window of three months": lambda d: d["targets"][0]["window"].append("2022-07"),
        "a binomial target": lambda d: d["targets"][0].__setitem__("model", "binomial"),
        "a poisson target with a dispersion": lambda d: d["targets"][1].__setitem__("dispersion", 3),
        "a negbin target without a dispersion": lambda d: d["targets"][0].__setitem__("dispersion", None),
        "a poisson target with an estimated dispersion":
            lambda d: d["targets"][1].__setitem__("dispersion_estimated", True),
        "no posterior.dispersion key": lambda d: d["posterior"].pop("dispersion"),
        "a dispersion of 0": lambda d: d["posterior"]["dispersion"].__setitem__(0, 0),
        "no emulators": lambda d: d["history_matching"].pop("emulators"),
        "no final_temperature": lambda d: d["abc_smc"].pop("final_temperature"),
        "a date of day 32": lambda d: d["fit"][0].__setitem__("month", "2022-01-32"),
        "month 2022-13": lambda d: d["targets"][0]["months"].__setitem__(0, "2022-13"),
        "a negative observed count": lambda d: d["fit"][0].__setitem__("observed", -1),
        "a weight above 1": lambda d: d["posterior"]["weights"].__setitem__(0, 1.5),
        "a region share above 1": lambda d: d["history_matching"]["waves"][0].__setitem__("region_share", 1.2),
        "a temperature below 1": lambda d: d["abc_smc"]["generations"][0].__setitem__("temperature", 0.5),
        "a string sample": lambda d: d["posterior"]["samples"][0].__setitem__(0, "0.5"),
        "a wall-clock time": lambda d: d["runtime"].__setitem__("seconds", 12.5),
    }
    accepted = [what for what, fn in bad.items() if v.is_valid(altered(fn))]
    check(not accepted, "docs/calibration-schema.json accepts a document with " + "; ".join(accepted))
    inconsistent = {
        "a ragged samples row": lambda d: d["posterior"]["samples"][3].pop(),
        "weights that do not sum to 1": lambda d: d["posterior"]["weights"].__setitem__(0, 0),
        "parameters out of order": lambda d: d["posterior"]["parameters"].reverse(),
        "a fit row missing": lambda d: d["fit"].pop(),
        "a fit row with another observed": lambda d: d["fit"][0].__setitem__("observed", 1),
        "a design row short of a value": lambda d: d["history_matching"]["waves"][0]["design"][0].pop(),
        "a prior with lo above hi": lambda d: d["parameters"][0]["prior"].__setitem__("lo", 0.9),
        "a dispersion missing": lambda d: d["posterior"]["dispersion"].pop(),
        "an emulator short of a length scale":
            lambda d: d["history_matching"]["emulators"][0]["length_scales"].pop(),
        "a wrong ess": lambda d: d["posterior"].__setitem__("ess", 1),
    }
    missed = [what for what, fn in inconsistent.items()
              if not calibration_doc.problems(altered(fn), src, v)]
    check(not missed, "tests/calibration/calibration_doc.py accepts a document with " + "; ".join(missed))

    # 4. What `migsim calibrate` writes validates and adds up: scenarios/calibration/toy.lua on a
    #    small budget, with both methods and with each alone; its export tables are whole.
    for name, hm, abc in (("both", True, True), ("hm_only", True, False), ("abc_only", False, True)):
        spec = os.path.join(work, f"{name}.lua")
        with open(spec, "w", encoding="utf-8") as f:
            f.write(calibration_doc.small_spec(src, hm, abc))
        out = os.path.join(work, f"{name}.json")
        p = subprocess.run([migsim, "calibrate", spec, "-o", out, "--threads", "2", "-q"], capture_output=True,
                           text=True, timeout=240)
        check(p.returncode == 0, f"migsim calibrate {name}.lua exited {p.returncode}: {p.stderr[-2000:]}")
        real = json.loads(read(out))
        problems = calibration_doc.problems(real, src, v)
        check(not problems, f"migsim calibrate's {name}.json is not a good migsim-calibration/1 document:\n  "
              + "\n  ".join(problems[:10]))
        check((real["history_matching"] is not None) == hm and (real["abc_smc"] is not None) == abc,
              f"{name}.json: history_matching or abc_smc is not what the spec asked for")
        tables = {"posterior": len(real["posterior"]["samples"]), "posterior_summary": len(real["parameters"]),
                  "calibration_fit": len(real["fit"])}
        if hm:
            tables["calibration_waves"] = sum(len(w["implausibility"]) for w in real["history_matching"]["waves"])
        if abc:
            tables["calibration_generations"] = len(real["abc_smc"]["generations"])
        for table, rows in tables.items():
            p = subprocess.run([migsim, "export", out, "--table", table], capture_output=True, text=True)
            check(p.returncode == 0 and len(p.stdout.splitlines()) == rows + 1,
                  f"migsim export {name}.json --table {table}: exit {p.returncode}, "
                  f"{len(p.stdout.splitlines())} lines for {rows} rows: {p.stderr}")
    print(f"fixture valid and consistent; {len(bad)} altered documents rejected by the schema, "
          f"{len(inconsistent)} by the consistency checks; migsim calibrate's documents valid and exported")


def test_citation(migsim, src, work, _lua_check):
    """LICENSE is the GPL-3.0 text; CITATION.cff parses (YAML) with the keys CFF 1.2.0 requires,
    its version is `migsim --version`'s; README's "How to cite" names LICENSE, CITATION.cff, the
    same version and the FabFlee data's own citation as data/flee/burundi/README.md gives it."""
    try:
        import yaml
    except ImportError:
        raise Failure(f"Python module yaml is missing for {sys.executable}; on Debian: apt-get install python3-yaml")
    lic = read(os.path.join(src, "LICENSE"))
    check("GNU GENERAL PUBLIC LICENSE" in lic and "Version 3, 29 June 2007" in lic, "LICENSE is not the GPL-3.0 text")
    try:
        cff = yaml.safe_load(read(os.path.join(src, "CITATION.cff")))
    except yaml.YAMLError as e:
        raise Failure(f"CITATION.cff is not YAML: {e}")
    for key in ("cff-version", "message", "title", "authors", "version", "license", "preferred-citation"):
        check(key in cff, f"CITATION.cff: no key {key!r}")
    check(cff["cff-version"] == "1.2.0", f"CITATION.cff: cff-version {cff['cff-version']!r}, expected 1.2.0")
    check(cff["license"] == "GPL-3.0-or-later", f"CITATION.cff: license {cff['license']!r}")
    check(isinstance(cff["authors"], list) and cff["authors"], "CITATION.cff: authors is not a non-empty list")
    pref = cff["preferred-citation"]
    for key in ("type", "title", "authors"):
        check(key in pref, f"CITATION.cff: preferred-citation has no {key!r}")
    ver = subprocess.run([migsim, "--version"], capture_output=True, text=True).stdout.split()
    check(len(ver) == 2 and ver[0] == "migsim", f"migsim --version printed {ver!r}")
    check(str(cff["version"]) == ver[1] and str(pref.get("version", ver[1])) == ver[1],
          f"CITATION.cff: version {cff['version']!r}, but migsim --version is {ver[1]} (CMakeLists.txt)")
    readme = read(os.path.join(src, "README.md"))
    check("## How to cite" in readme, "README.md has no '## How to cite' section")
    sec = readme.split("## How to cite", 1)[1].split("\n## ", 1)[0]
    for s in ("[LICENSE](LICENSE)", "GPL-3.0-or-later", "[CITATION.cff](CITATION.cff)", f"version {ver[1]}",
              "data/flee/burundi/README.md", "LICENSE.FabFlee-BSD-3-Clause", "data/sources.csv"):
        check(s in sec, f"README.md, How to cite: does not name {s!r}")
    # The FabFlee data's citation is the one its own README gives, word for word.
    flee = read(os.path.join(src, "data", "flee", "burundi", "README.md"))
    m = re.search(r"\*\*Citation\.\*\* (.*?doi:\S+?)\s", flee, re.S)
    check(m is not None, "data/flee/burundi/README.md has no **Citation.** with a doi")
    want = " ".join(m.group(1).split())
    check(want.rstrip(".") in " ".join(sec.split()), f"README.md, How to cite: the FabFlee citation is not {want!r}")
    print(f"LICENSE, CITATION.cff (version {ver[1]}) and README's How to cite agree")


def test_building(migsim, src, work, _lua_check):
    """README's "Building elsewhere" names every pkg-config module CMakeLists.txt requires, and
    the plain CMake commands with an install prefix (tests/install runs the installed tree)."""
    cm = read(os.path.join(src, "CMakeLists.txt"))
    mods = []
    for line in re.findall(r"^pkg_(?:check|search)_modules?\(\w+ REQUIRED IMPORTED_TARGET ([^)]*)\)", cm, re.M):
        mods.append(line.split()[0].strip('"'))
    check(len(mods) >= 4, f"CMakeLists.txt: expected the pkg-config modules, found {mods}")
    readme = read(os.path.join(src, "README.md"))
    check("### Building elsewhere" in readme, "README.md has no '### Building elsewhere' section")
    sec = readme.split("### Building elsewhere", 1)[1].split("\n## ", 1)[0]
    for m in mods:
        check(f"`{m}`" in sec, f"README.md, Building elsewhere: does not name the pkg-config module {m!r}")
    for s in ("cmake -S . -B build", "cmake --build build", "cmake --install build --prefix", "share/migsim"):
        check(s in sec, f"README.md, Building elsewhere: does not say {s!r}")
    print(f"README's Building elsewhere names {', '.join(mods)} and the CMake install")


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    name, migsim, src, work, lua_check = sys.argv[1:]
    fn = globals().get("test_" + name)
    if fn is None:
        sys.exit(f"unknown test {name}")
    try:
        fn(migsim, os.path.abspath(src), os.path.abspath(work), lua_check)
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
