#!/usr/bin/python3
"""Rolling-origin evaluation of monthly forecasts of Western Balkans detections, with baselines.

Scores forecasts of Frontex's monthly irregular border-crossing detections on the Western
Balkans route, by nationality (data/wb_nationality_monthly.csv) and for the route total
(series S01 of data/wb_ibc_monthly.csv), over 2017-01..2022-09 (the data end there and are
never extended). Five baselines are fitted at each origin; forecasts of other methods (migsim's
backtest) are read from CSV and scored the same way.

Origins. An origin is the LAST month of data used: origin 2018-03 means data through 2018-03
are used and 2018-04 is horizon 1 (2018-09 horizon 6). The default origins are the ends of
quarters 2017-12, 2018-03, ..., 2022-03 (18 origins): each forecast starts at a quarter start
(2018-01 .. 2022-04) and all 6 horizons of every origin fall within the data (2022-03 + 6 =
2022-09). Later origins may be given (--origins); targets after 2022-09 are not scored.

Series. Each of the 14 nationalities and "total". The nationality file has rows only for
non-zero months; every month 2017-01..2022-09 without a row is 0 (Frontex's table has every
nationality every month, zeros left out), so BDI is 0 until 2022-02.

Baselines (each sees only y[0..origin]; all are fitted on log1p(detections)):
  persistence     the last value; spread: the empirical distribution of past h-step changes of
                  log1p(y) (of the history), centred on their median, added to log1p(last).
  seasonal_naive  the same month last year (y[t+h-12], h <= 12); spread: past errors of that rule
                  at horizon h (centred), or persistence's when fewer than 3 exist.
  mean3           the mean of the last 3 months (of counts); spread: its past h-step errors
                  (centred; persistence's when fewer than 3).
  ets             statsmodels ETSModel on log1p: additive errors, additive damped trend, additive
                  seasonality (period 12) when >= 24 months; sample paths simulated from the fit.
  arima           statsmodels SARIMAX on log1p: the lowest AIC of (0,1,1), (1,1,0), (1,1,1), each
                  also with a seasonal AR(1) at lag 12 when >= 36 months; paths simulated.
A model fit (ets, arima) that raises, or gives non-finite paths or a 97.5% quantile beyond 100 x
the history's maximum, falls back to persistence's forecast and is counted (the report's "fallbacks" line).

Predictive distributions are NSAMPLES values per (series, origin, horizon) on the log1p scale
(counts = expm1, floored at 0). The empirical-error baselines use a deterministic quantile grid
(probabilities (i + 0.5) / n) of their errors; the model baselines random paths with a seed made
from (seed, method, series, origin). Quantiles (0.025 .. 0.975) are np.quantile (linear) of the
sample. Forecasts given as quantiles only become a sample by linear interpolation of the quantile
function at the same grid (flat beyond 0.025 and 0.975, which narrows the tails a little).

Scores per (method, origin, series, horizon): ae_log = |log1p(median) - log1p(obs)|; CRPS in the
energy form E|X - y| - E|X - X'| / 2 over the sample, on log1p and on counts; whether obs lies in
the central 50/80/95% intervals [q25,q75], [q10,q90], [q025,q975] (ends included).
Summaries per method x horizon, for the nationalities pooled (each nationality weighted equally:
the mean over nationalities of each one's mean over origins) and for the total: log-MAE, skill
vs persistence = 1 - MAE / MAE_persistence on the same (origin, series) cells, CRPS, coverage.

Forecast CSV (what migsim's backtest writes), either form, counts not logs:
  method,origin,target_month,horizon,series,replicate,value
  method,origin,target_month,horizon,series,q025,q10,q25,q50,q75,q90,q975
origin and target_month are YYYY-MM, horizon = months from origin to target_month, series an iso3
code of the data or "total".

usage: tools/forecast_eval.py -o DIR [--forecasts CSV]... [--origins SPEC] [--horizons 6]
           [--methods LIST] [--series LIST] [--samples 200] [--seed 1] [--data DIR] [--no-figures]
writes DIR/scores.csv, DIR/summary.csv, DIR/summary.md, DIR/skill.{png,svg}, DIR/coverage.{png,svg}.
Needs numpy, pandas, statsmodels (and matplotlib for the figures): Debian packages python3-numpy,
python3-pandas, python3-statsmodels, python3-matplotlib; run with /usr/bin/python3.
"""
import argparse
import csv
import io
import math
import os
import re
import sys
import tempfile
import warnings
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROG = "forecast_eval.py"

FIRST_MONTH = "2017-01"
LAST_MONTH = "2022-09"  # the data end here and are never extended
QUANTILES = (0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975)
QCOLS = ("q025", "q10", "q25", "q50", "q75", "q90", "q975")
INTERVALS = ((50, "q25", "q75"), (80, "q10", "q90"), (95, "q025", "q975"))
BASELINES = ("persistence", "seasonal_naive", "mean3", "ets", "arima")
DEFAULT_ORIGINS = "2017-12:2022-03:3"
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
APT = {"numpy": "python3-numpy", "pandas": "python3-pandas", "statsmodels": "python3-statsmodels",
       "scipy": "python3-scipy", "matplotlib": "python3-matplotlib"}


class EvalError(Exception):
    """A user error: one line on stderr, exit status 2."""


def _need(name):
    """Import a module or raise EvalError naming it and its Debian package."""
    try:
        return __import__(name)
    except ImportError as e:
        other = "" if sys.executable == "/usr/bin/python3" else ", and run with /usr/bin/python3"
        raise EvalError(f"Python module {name} is missing for {sys.executable} ({e}); on Debian: "
                        f"apt-get install {APT.get(name, 'python3-' + name)}{other}")


np = _need("numpy") if __name__ != "__main__" else None  # the CLI imports in main() (exit 2)


# ---------------------------------------------------------------------------------------------
# Months


def month_index(m):
    """'YYYY-MM' -> months since 0000-01 (an int), or EvalError."""
    r = MONTH_RE.match(m or "")
    if not r or not 1 <= int(r.group(2)) <= 12:
        raise EvalError(f"{m!r}: not a month (YYYY-MM)")
    return int(r.group(1)) * 12 + int(r.group(2)) - 1


def month_name(i):
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def month_add(m, k):
    return month_name(month_index(m) + k)


def parse_origins(spec):
    """'2017-12:2022-03:3' (from:to:step in months) or '2018-03,2019-06' -> sorted months."""
    out = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        bits = part.split(":")
        if len(bits) == 1:
            out.add(month_name(month_index(bits[0])))
        elif len(bits) in (2, 3):
            a, b = month_index(bits[0]), month_index(bits[1])
            try:
                step = int(bits[2]) if len(bits) == 3 else 1
            except ValueError:
                step = 0
            if step < 1 or b < a:
                raise EvalError(f"--origins {part}: want FROM:TO[:STEP] with FROM <= TO and STEP >= 1")
            out.update(month_name(i) for i in range(a, b + 1, step))
        else:
            raise EvalError(f"--origins {part}: want YYYY-MM or FROM:TO[:STEP]")
    if not out:
        raise EvalError("--origins: no origin")
    return sorted(out)


# ---------------------------------------------------------------------------------------------
# Observed series


def _read_csv(path, need):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise EvalError(f"{path}: no such file")
    except OSError as e:
        raise EvalError(f"{path}: {e.strerror}")
    except (UnicodeDecodeError, csv.Error) as e:
        raise EvalError(f"{path}: not a CSV file ({e})")
    fields = set(rows[0].keys()) if rows else set()
    if not rows or not set(need) <= fields:
        raise EvalError(f"{path}: needs the columns {','.join(need)} "
                        f"(missing: {', '.join(sorted(set(need) - fields)) or 'all rows'})")
    return rows


def read_observed(data_dir=None, first=FIRST_MONTH, last=LAST_MONTH):
    """Monthly detections first..last (default 2017-01..2022-09) as a dict
    {series: numpy array of floats, one per month}, series = each iso3 code of
    wb_nationality_monthly.csv (months without a row are 0) and "total" (wb_ibc_monthly.csv,
    rows with source S01 only; every month must be there). Returns (series dict, months list)."""
    data_dir = data_dir or os.path.join(ROOT, "data")
    if month_index(last) > month_index(LAST_MONTH):
        raise EvalError(f"the data end in {LAST_MONTH}; {last} is after that")
    i0, i1 = month_index(first), month_index(last)
    months = [month_name(i) for i in range(i0, i1 + 1)]
    out = {}
    path = os.path.join(data_dir, "wb_nationality_monthly.csv")
    for ln, row in enumerate(_read_csv(path, ("nationality", "iso3", "year", "month", "detections", "source")),
                             start=2):
        try:
            i = int(row["year"]) * 12 + int(row["month"]) - 1
            v = float(row["detections"])
        except (TypeError, ValueError):
            raise EvalError(f"{path}:{ln}: year, month and detections must be numbers")
        if row["source"] != "S01" or not row["iso3"]:
            raise EvalError(f"{path}:{ln}: expected source S01 and an iso3 code")
        s = out.setdefault(row["iso3"], np.zeros(len(months)))
        if i0 <= i <= i1:
            s[i - i0] += v
    path = os.path.join(data_dir, "wb_ibc_monthly.csv")
    total = np.full(len(months), np.nan)
    for ln, row in enumerate(_read_csv(path, ("year", "month", "detections", "source")), start=2):
        if row["source"] != "S01":
            continue  # the preliminary press figures (S23, S34, S36) are other series
        try:
            i = int(row["year"]) * 12 + int(row["month"]) - 1
            v = float(row["detections"])
        except (TypeError, ValueError):
            raise EvalError(f"{path}:{ln}: year, month and detections must be numbers")
        if i0 <= i <= i1:
            if not np.isnan(total[i - i0]):
                raise EvalError(f"{path}:{ln}: a second S01 row for {month_name(i)}")
            total[i - i0] = v
    if np.isnan(total).any():
        miss = [months[k] for k in np.flatnonzero(np.isnan(total))]
        raise EvalError(f"{path}: no S01 row for {', '.join(miss[:5])}")
    out = {k: out[k] for k in sorted(out)}
    out["total"] = total
    return out, months


# ---------------------------------------------------------------------------------------------
# Scores


def crps_sample(x, y):
    """CRPS of the sample x for the observation y, energy form: mean|X - y| - mean|X - X'| / 2
    (X, X' independent draws of the sample, both means over all pairs, with X = X' included)."""
    x = np.sort(np.asarray(x, dtype=float))
    m = len(x)
    a = np.mean(np.abs(x - y))
    # sum_{i,j} |x_i - x_j| = 2 sum_i (2i - m - 1) x_(i), i = 1..m
    b = 2.0 * np.sum((2.0 * np.arange(1, m + 1) - m - 1) * x) / (m * m)
    return float(a - 0.5 * b)


def crps_normal(mu, sigma, y):
    """Closed-form CRPS of N(mu, sigma^2) (Gneiting & Raftery 2007), for the tests."""
    z = (y - mu) / sigma
    phi = math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    return sigma * (z * (2 * cdf - 1) + 2 * phi - 1 / math.sqrt(math.pi))


def quantiles(sample):
    """The QUANTILES of a sample (numpy linear interpolation), as a dict q025..q975."""
    q = np.quantile(np.asarray(sample, dtype=float), QUANTILES)
    return dict(zip(QCOLS, (float(v) for v in q)))


def covered(q, y):
    """{50: bool, 80: bool, 95: bool}: whether y lies in each central interval (ends included)."""
    return {lvl: bool(q[lo] <= y <= q[hi]) for lvl, lo, hi in INTERVALS}


def sample_from_quantiles(q, n):
    """A deterministic sample of size n from quantiles q (dict q025..q975): the piecewise-linear
    quantile function at probabilities (i + 0.5) / n, flat beyond the outermost quantiles."""
    p = (np.arange(n) + 0.5) / n
    return np.interp(p, QUANTILES, [q[c] for c in QCOLS])


def grid(values, n):
    """n values of the empirical distribution of values at probabilities (i + 0.5) / n."""
    return np.quantile(np.asarray(values, dtype=float), (np.arange(n) + 0.5) / n)


def score_cell(sample_counts, obs, q=None):
    """Scores of one forecast given as a sample of counts (and, when it was given as quantiles,
    those quantiles of counts for the intervals and the median)."""
    s = np.maximum(np.asarray(sample_counts, dtype=float), 0.0)
    if q is None:
        q = quantiles(s)
    ls = np.log1p(s)
    row = {"median": q["q50"], "obs": float(obs),
           "ae_log": abs(math.log1p(max(q["q50"], 0.0)) - math.log1p(obs)),
           "crps_log": crps_sample(ls, math.log1p(obs)), "crps_count": crps_sample(s, obs)}
    for lvl, ok in covered(q, obs).items():
        row[f"in{lvl}"] = int(ok)
    row.update(q)
    return row


# ---------------------------------------------------------------------------------------------
# Baselines: each takes the history (log1p values through the origin, nothing after), the
# horizons H (1..H), the sample size n and a numpy Generator; returns an (H, n) array on log1p.


def _empirical(hist, H, n, point, min_errors=3):
    """point(history, h) -> log1p forecast; the spread is the rule's own past h-step errors on
    the history, or persistence's when it has fewer than min_errors, centred on their median so
    that the forecast's median is the rule's point forecast."""
    out = np.empty((H, n))
    for h in range(1, H + 1):
        errs = []
        for t in range(len(hist) - h):
            f = point(hist[:t + 1], h)
            if f is not None:
                errs.append(hist[t + h] - f)
        if len(errs) < min_errors:
            errs = [hist[t + h] - hist[t] for t in range(len(hist) - h)]
        if not errs:
            errs = [0.0]
        g = grid(np.asarray(errs) - np.median(errs), n)
        if n % 2 == 0:
            g[n // 2 - 1] = g[n // 2] = 0.0  # the sample's median is then the point exactly
        out[h - 1] = point(hist, h) + g
    return out


def _persistence_point(hist, h):
    return hist[-1]


def _seasonal_point(hist, h):
    # the same month one year earlier (for h <= 12); None when the history is too short
    k = len(hist) - 12 + (h - 1) % 12
    return hist[k] if 0 <= k < len(hist) else None


def _mean3_point(hist, h):
    # mean of the last 3 months of counts, on log1p
    return math.log1p(float(np.mean(np.expm1(hist[-3:]))))


def persistence(hist, H, n, rng=None):
    return _empirical(hist, H, n, _persistence_point, min_errors=1)


def seasonal_naive(hist, H, n, rng=None):
    if len(hist) < 12:
        raise ValueError("seasonal naive needs 12 months")
    return _empirical(hist, H, n, _seasonal_point)


def mean3(hist, H, n, rng=None):
    return _empirical(hist, H, n, _mean3_point)


def ets(hist, H, n, rng):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    seasonal = "add" if len(hist) >= 24 else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mod = ETSModel(np.asarray(hist, dtype=float), error="add", trend="add", damped_trend=True,
                       seasonal=seasonal, seasonal_periods=12 if seasonal else None)
        fit = mod.fit(disp=False, maxiter=200)
        sim = fit.simulate(H, anchor="end", repetitions=n, random_state=_np_state(rng))
    return np.asarray(sim, dtype=float).reshape(H, n)


def arima(hist, H, n, rng):
    from statsmodels.tsa.statespace.sarimax import SARIMAX
    y = np.asarray(hist, dtype=float)
    cands = [((p, 1, q), (0, 0, 0, 0)) for p, q in ((0, 1), (1, 0), (1, 1))]
    if len(y) >= 36:
        cands += [(o, (1, 0, 0, 12)) for o, _ in cands]
    best = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for order, sorder in cands:
            try:
                res = SARIMAX(y, order=order, seasonal_order=sorder).fit(disp=False, maxiter=100)
            except (ValueError, np.linalg.LinAlgError):
                continue
            if np.isfinite(res.aic) and (best is None or res.aic < best.aic):
                best = res
        if best is None:
            raise ValueError("no ARIMA candidate could be fitted")
        # statsmodels 0.13's state-space simulate() ignores random_state and draws from numpy's
        # global generator: seed it for this call only, and put its state back
        saved = np.random.get_state()
        try:
            np.random.seed(int(rng.integers(2 ** 31 - 1)))
            sim = best.simulate(H, anchor="end", repetitions=n)
        finally:
            np.random.set_state(saved)
    return np.asarray(sim, dtype=float).reshape(H, n)


def _np_state(rng):
    return np.random.RandomState(int(rng.integers(2 ** 31 - 1)))


METHODS = {"persistence": persistence, "seasonal_naive": seasonal_naive, "mean3": mean3,
           "ets": ets, "arima": arima}


def baseline_forecast(method, history_counts, H=6, n=200, seed=1, key=""):
    """Forecast of one baseline from a history of counts (everything through the origin and
    nothing else): returns (samples of counts, shape (H, n), fell_back: bool, reason or '').
    key (e.g. 'AFG/2018-03') seeds the model baselines' paths with seed."""
    hist = np.log1p(np.maximum(np.asarray(history_counts, dtype=float), 0.0))
    rng = np.random.default_rng([seed, zlib.crc32(f"{method}/{key}".encode())])
    fell, why = False, ""
    try:
        out = METHODS[method](hist, H, n, rng)
        cap = math.log1p(100.0 * max(1.0, float(np.expm1(hist).max())))
        if out.shape != (H, n) or not np.isfinite(out).all():
            raise ValueError("non-finite forecast")
        if method in ("ets", "arima") and np.quantile(out, 0.975, axis=1).max() > cap:
            raise ValueError("upper 97.5% quantile beyond 100 x the history's maximum")
    except Exception as e:  # noqa: BLE001 - any failed fit falls back, counted and logged
        fell, why = True, f"{type(e).__name__}: {e}"
        out = persistence(hist, H, n)
    return np.maximum(np.expm1(out), 0.0), fell, why


def run_baselines(observed, months, origins, methods=BASELINES, H=6, n=200, seed=1, series=None,
                  log=None):
    """Forecasts of the baselines at each origin for each series, fitted on the observed months
    through the origin only. Returns (list of forecast dicts {method, origin, series, horizon,
    target_month, sample}, {method: number of fallbacks}). Targets beyond the data are kept
    (they are not scored)."""
    i0 = month_index(months[0])
    fc, fallbacks = [], {m: 0 for m in methods}
    for s in series or list(observed):
        y = observed[s]
        for o in origins:
            k = month_index(o) - i0
            if k < 2 or k >= len(y):
                raise EvalError(f"origin {o}: outside the data ({months[0]}..{months[-1]}; "
                                f"at least 3 months of history)")
            hist = y[:k + 1]
            for m in methods:
                smp, fell, why = baseline_forecast(m, hist, H, n, seed, f"{s}/{o}")
                if fell:
                    fallbacks[m] += 1
                    if log:
                        log(f"{m} {s} origin {o}: fell back to persistence ({why})")
                for h in range(1, H + 1):
                    fc.append({"method": m, "origin": o, "series": s, "horizon": h,
                               "target_month": month_add(o, h), "sample": smp[h - 1]})
    return fc, fallbacks


# ---------------------------------------------------------------------------------------------
# Forecasts of other methods


def read_forecasts(path, n=200):
    """Forecasts in either CSV form (module docstring), as forecast dicts {method, origin,
    series, horizon, target_month, sample[, q]}: replicate values are the sample; quantiles
    are kept as q and interpolated to a sample of n."""
    rows = _read_csv(path, ("method", "origin", "target_month", "horizon", "series"))
    fields = set(rows[0])
    if {"replicate", "value"} <= fields:
        form = "samples"
    elif set(QCOLS) <= fields:
        form = "quantiles"
    else:
        raise EvalError(f"{path}: needs the columns replicate,value or {','.join(QCOLS)}")
    cells = {}
    for ln, r in enumerate(rows, start=2):
        try:
            h = int(r["horizon"])
            try:
                span = month_index(r["target_month"]) - month_index(r["origin"])
            except EvalError as e:
                raise EvalError(f"{path}:{ln}: {e}")
            if span != h or h < 1:
                raise EvalError(f"{path}:{ln}: horizon {h} is not target_month - origin "
                                f"({r['target_month']} - {r['origin']}) or is < 1")
            key = (r["method"], r["origin"], r["series"], h)
            if not r["method"] or not r["series"]:
                raise ValueError
            if form == "samples":
                v = float(r["value"])
                if not math.isfinite(v):
                    raise ValueError
                cells.setdefault(key, []).append(v)
            else:
                if key in cells:
                    raise EvalError(f"{path}:{ln}: a second row for {'/'.join(map(str, key))}")
                q = {c: float(r[c]) for c in QCOLS}
                vals = [q[c] for c in QCOLS]
                if not all(math.isfinite(v) for v in vals) or any(b < a for a, b in zip(vals, vals[1:])):
                    raise EvalError(f"{path}:{ln}: quantiles must be finite and non-decreasing")
                cells[key] = q
        except (TypeError, ValueError):
            raise EvalError(f"{path}:{ln}: method and series must be given, horizon an integer, "
                            f"values finite numbers")
    out = []
    for (m, o, s, h), v in sorted(cells.items()):
        d = {"method": m, "origin": o, "series": s, "horizon": h, "target_month": month_add(o, h)}
        if form == "samples":
            d["sample"] = np.asarray(v, dtype=float)
        else:
            d["q"] = v
            d["sample"] = sample_from_quantiles(v, n)
        out.append(d)
    return out


# ---------------------------------------------------------------------------------------------
# Scoring and summaries


def score_forecasts(forecasts, observed, months):
    """One score row per forecast whose target is observed (others are skipped): the forecast's
    keys, median, obs, ae_log, crps_log, crps_count, in50, in80, in95 and q025..q975."""
    pd = _need("pandas")
    i0, i1 = month_index(months[0]), month_index(months[-1])
    rows = []
    for f in forecasts:
        t = month_index(f["target_month"])
        if f["series"] not in observed:
            raise EvalError(f"forecast of {f['method']} for series {f['series']!r}: not in the data "
                            f"({', '.join(observed)})")
        if not i0 <= t <= i1:
            continue
        r = {k: f[k] for k in ("method", "origin", "target_month", "horizon", "series")}
        r.update(score_cell(f["sample"], observed[f["series"]][t - i0], f.get("q")))
        rows.append(r)
    cols = ["method", "origin", "target_month", "horizon", "series", "obs", "median", "ae_log",
            "crps_log", "crps_count", "in50", "in80", "in95"] + list(QCOLS)
    return pd.DataFrame(rows, columns=cols)


def summarize(scores, reference="persistence"):
    """Per method x group (nationalities, total) x horizon: n_series, n_cells, log_mae, skill
    (1 - MAE / MAE of the reference on the same origin x series cells), crps_log, crps_count,
    cov50, cov80, cov95. Nationalities are weighted equally: each score is the mean over
    nationalities of the nationality's mean over origins."""
    pd = _need("pandas")
    sc = scores.copy()
    sc["group"] = np.where(sc["series"] == "total", "total", "nationalities")
    ref = sc[sc["method"] == reference][["origin", "series", "horizon", "ae_log"]]
    ref = ref.rename(columns={"ae_log": "ae_ref"})
    sc = sc.merge(ref, on=["origin", "series", "horizon"], how="left")
    vals = ["ae_log", "ae_ref", "crps_log", "crps_count", "in50", "in80", "in95"]
    out = []
    for (m, g, h), d in sc.groupby(["method", "group", "horizon"], sort=True):
        per = d.groupby("series")[vals].mean()  # each series' mean over origins
        both = d.dropna(subset=["ae_ref"]).groupby("series")[["ae_log", "ae_ref"]].mean()
        mae_ref = both["ae_ref"].mean() if len(both) else float("nan")
        skill = 1.0 - both["ae_log"].mean() / mae_ref if len(both) and mae_ref > 0 else float("nan")
        out.append({"method": m, "group": g, "horizon": int(h), "n_series": len(per), "n_cells": len(d),
                    "log_mae": per["ae_log"].mean(), "skill": skill,
                    "crps_log": per["crps_log"].mean(), "crps_count": per["crps_count"].mean(),
                    "cov50": per["in50"].mean(), "cov80": per["in80"].mean(), "cov95": per["in95"].mean()})
    return pd.DataFrame(out)


def method_order(methods):
    """Baselines first, in their order, then the others alphabetically."""
    return [m for m in BASELINES if m in methods] + sorted(m for m in methods if m not in BASELINES)


def markdown(summary, meta):
    """The summary as markdown: a table per group, rows method x horizon."""
    out = [f"# Forecast evaluation: Western Balkans detections, {meta['first']}..{meta['last']}", ""]
    out.append(f"Origins (last month of data used): {', '.join(meta['origins'])}. "
               f"Horizons 1..{meta['H']}; {meta['n']} samples a forecast; seed {meta['seed']}.")
    fb = ", ".join(f"{m} {k}" for m, k in meta["fallbacks"].items())
    out.append(f"Fits that fell back to persistence (series x origins): {fb or 'none'}.")
    out.append("")
    out.append("log-MAE = mean |log1p(median) - log1p(obs)|; skill = 1 - log-MAE / log-MAE of "
               "persistence on the same cells; CRPS from the samples (log1p scale and counts); "
               "cov = share of observations inside the central 50/80/95% intervals.")
    for g, title in (("nationalities", "Nationalities pooled (each weighted equally)"),
                     ("total", "Route total (S01)")):
        d = summary[summary["group"] == g]
        if d.empty:
            continue
        out += ["", f"## {title}", "",
                "| method | h | series | cells | log-MAE | skill | CRPS log1p | CRPS count | cov50 | cov80 | cov95 |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for m in method_order(set(d["method"])):
            for _, r in d[d["method"] == m].sort_values("horizon").iterrows():
                out.append(f"| {m} | {r.horizon} | {r.n_series} | {r.n_cells} | {r.log_mae:.3f} | "
                           f"{_fmt(r.skill, '+.3f')} | {r.crps_log:.3f} | {r.crps_count:,.1f} | "
                           f"{r.cov50:.2f} | {r.cov80:.2f} | {r.cov95:.2f} |")
    return "\n".join(out) + "\n"


def _fmt(x, spec):
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


# ---------------------------------------------------------------------------------------------
# Figures (the conventions of plots/common.py: Okabe-Ito palette, caption, PNG + SVG)


def _plots_common():
    sys.path.insert(0, os.path.join(ROOT, "plots"))
    try:
        import common
    finally:
        sys.path.pop(0)
    return common


def figures(summary, outdir, meta, dpi=150):
    """DIR/skill.{png,svg}: skill vs persistence by horizon per method (nationalities pooled,
    route total); DIR/coverage.{png,svg}: empirical vs nominal coverage per method."""
    common = _plots_common()
    try:
        plt = common.setup_matplotlib()
    except common.PlotError as e:
        raise EvalError(str(e))
    groups = [g for g in ("nationalities", "total") if g in set(summary["group"])]
    methods = method_order(set(summary["method"]))
    caption = (f"Rolling-origin backtest, origins {meta['origins'][0]}..{meta['origins'][-1]} "
               f"({len(meta['origins'])}; origin = last month of data used), Frontex detections "
               f"on the Western Balkans route to {meta['last']}. Made by tools/forecast_eval.py.")
    written = []
    fig, axes = plt.subplots(1, len(groups), figsize=(5.2 * len(groups), 4.0), squeeze=False)
    for ax, g in zip(axes[0], groups):
        for i, m in enumerate(methods):
            d = summary[(summary["group"] == g) & (summary["method"] == m)].sort_values("horizon")
            c, ls = common.style(i)
            ax.plot(d["horizon"], d["skill"], color=c, linestyle=ls, marker="o", ms=3, label=m)
        ax.axhline(0, color=common.GREY, lw=0.8)
        ax.set_xlabel("horizon (months after the origin)")
        ax.set_ylabel("log-MAE skill vs persistence")
        ax.set_title("nationalities pooled" if g == "nationalities" else "route total")
    h, lab = axes[0][0].get_legend_handles_labels()
    fig.suptitle("Forecast skill by horizon")
    written += common.finish(fig, caption, os.path.join(outdir, "skill"), dpi, legend=(h, lab))
    plt.close(fig)

    fig, axes = plt.subplots(1, len(groups), figsize=(5.2 * len(groups), 4.2), squeeze=False)
    for ax, g in zip(axes[0], groups):
        d = summary[summary["group"] == g]
        for i, m in enumerate(methods):
            dm = d[d["method"] == m]
            # pooled over horizons, each horizon weighted equally
            emp = [dm[f"cov{lvl}"].mean() for lvl, _, _ in INTERVALS]
            c, ls = common.style(i)
            ax.plot([lvl for lvl, _, _ in INTERVALS], [100 * e for e in emp], color=c, linestyle=ls,
                    marker="o", ms=4, label=m)
        ax.plot([40, 100], [40, 100], color=common.GREY, lw=0.8, linestyle=":")
        ax.set_xlim(40, 100)
        ax.set_ylim(0, 100)
        ax.set_xticks([50, 80, 95])
        ax.set_xlabel("nominal coverage of the central interval (%)")
        ax.set_ylabel("observations inside (%)")
        ax.set_title("nationalities pooled" if g == "nationalities" else "route total")
    h, lab = axes[0][0].get_legend_handles_labels()
    fig.suptitle("Interval coverage, all horizons")
    written += common.finish(fig, caption + " Dotted: perfect calibration.", os.path.join(outdir, "coverage"),
                             dpi, legend=(h, lab))
    plt.close(fig)
    return written


# ---------------------------------------------------------------------------------------------
# Command line


def evaluate(origins, methods=BASELINES, forecast_files=(), H=6, n=200, seed=1, series=None,
             data_dir=None, log=None):
    """The whole evaluation: returns (scores DataFrame, summary DataFrame, meta dict)."""
    observed, months = read_observed(data_dir)
    if series:
        bad = [s for s in series if s not in observed]
        if bad:
            raise EvalError(f"--series {','.join(bad)}: not in the data ({', '.join(observed)})")
    fc, fallbacks = run_baselines(observed, months, origins, methods, H, n, seed, series, log)
    for path in forecast_files:
        other = read_forecasts(path, n)
        clash = {f["method"] for f in other} & set(BASELINES)
        if clash:
            raise EvalError(f"{path}: method {', '.join(sorted(clash))} is the name of a baseline")
        bad = sorted({f["series"] for f in other} - set(observed))
        if bad:
            raise EvalError(f"{path}: series {', '.join(bad)} not in the data ({', '.join(observed)})")
        fc += [f for f in other if not series or f["series"] in series]
    scores = score_forecasts(fc, observed, months)
    if scores.empty:
        raise EvalError("no forecast has an observed target month")
    meta = {"first": months[0], "last": months[-1], "origins": list(origins), "H": H, "n": n,
            "seed": seed, "fallbacks": fallbacks}
    return scores, summarize(scores), meta


def _write_atomic(path, text):
    d = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def _csv_text(df, floatfmt="%.6g"):
    buf = io.StringIO()
    df.to_csv(buf, index=False, float_format=floatfmt, lineterminator="\n")
    return buf.getvalue()


def main(argv=None):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0],
                                epilog="See the module docstring (tools/forecast_eval.py) for the "
                                       "definitions of origins, baselines and scores.")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder (created)")
    p.add_argument("--forecasts", action="append", default=[], metavar="CSV",
                   help="forecasts of another method (replicate or quantile form); repeatable")
    p.add_argument("--origins", default=DEFAULT_ORIGINS, metavar="SPEC",
                   help="FROM:TO[:STEP] and/or YYYY-MM, comma-separated; an origin is the last month "
                        f"of data used (default {DEFAULT_ORIGINS})")
    p.add_argument("--horizons", type=int, default=6, metavar="H", help="horizons 1..H (default 6)")
    p.add_argument("--methods", default=",".join(BASELINES),
                   help=f"baselines to run (default {','.join(BASELINES)}; persistence is always run)")
    p.add_argument("--series", help="comma-separated iso3 codes and/or total (default: all)")
    p.add_argument("--samples", type=int, default=200, metavar="N", help="sample size (default 200)")
    p.add_argument("--seed", type=int, default=1, help="seed of the model baselines' paths (default 1)")
    p.add_argument("--data", metavar="DIR", help="data folder (default: the repository's data/)")
    p.add_argument("--no-figures", action="store_true", help="write no figures (no matplotlib needed)")
    p.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not log fallbacks on stderr")
    a = p.parse_args(argv)
    global np
    np = _need("numpy")
    _need("pandas")
    _need("scipy")
    _need("statsmodels")
    if not 1 <= a.horizons <= 12:
        raise EvalError("--horizons: want 1..12")
    if a.samples < 10:
        raise EvalError("--samples: want at least 10")
    methods = [m.strip() for m in a.methods.split(",") if m.strip()]
    bad = [m for m in methods if m not in BASELINES]
    if bad:
        raise EvalError(f"--methods {','.join(bad)}: unknown (baselines: {', '.join(BASELINES)})")
    methods = [m for m in BASELINES if m in methods or m == "persistence"]
    series = [s.strip() for s in a.series.split(",") if s.strip()] if a.series else None
    origins = parse_origins(a.origins)
    log = None if a.quiet else (lambda msg: sys.stderr.write(f"{PROG}: {msg}\n"))
    scores, summary, meta = evaluate(origins, methods, a.forecasts, a.horizons, a.samples, a.seed,
                                     series, a.data, log)
    if not a.no_figures:
        common = _plots_common()  # fail before writing anything when matplotlib is missing
        try:
            common.setup_matplotlib()
        except common.PlotError as e:
            raise EvalError(str(e))
    try:
        os.makedirs(a.output, exist_ok=True)
        _write_atomic(os.path.join(a.output, "scores.csv"), _csv_text(scores))
        _write_atomic(os.path.join(a.output, "summary.csv"), _csv_text(summary))
        _write_atomic(os.path.join(a.output, "summary.md"), markdown(summary, meta))
    except OSError as e:
        raise EvalError(f"cannot write to {a.output}: {e.strerror or e}")
    if not a.no_figures:
        figures(summary, a.output, meta, a.dpi)
    fb = sum(meta["fallbacks"].values())
    print(f"{PROG}: {len(scores)} scored forecasts, {len(origins)} origins, "
          f"{scores['series'].nunique()} series, methods {', '.join(method_order(set(scores['method'])))}; "
          f"{fb} fallbacks; wrote {a.output}/summary.md")


if __name__ == "__main__":
    try:
        main()
    except EvalError as e:
        sys.stderr.write(f"{PROG}: error: {e}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
