#!/usr/bin/python3
"""Map of the route network of a migsim run: flows on routes and stocks at places.

Reads migsim-run/1 or migsim-ensemble/1 (then the means over replicates are drawn). Places
are drawn at their longitude and latitude (meta.world.locations); when a place on a route has
no coordinates (lat = lon = 0, the default) a schematic left-to-right layout is used instead.
Arrow width: persons starting each route (monthly route_entries summed over the run, or in
--month); at a border crossing these are the persons who passed undetected. Dashed arrows:
persons entering the network from their origins (departures by entry channel). Circle area:
persons waiting or in reception at a place (stock), at the end of the period (or of --month),
or the mean of the end-of-month values with --stock mean.

Geography: with coordinates, the places are drawn over land, coastlines and country borders from
data/geo/countries.geojson (DCW-GMT country polygons shipped with migsim, derived once by
tools/make_geo.py; no download). Without that file (or with --no-geo) the map is drawn on a plain
grid and the caption says so.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

EXAMPLE = """\
examples:
  migsim run scenarios/wb2022.lua -o wb2022.json
  %(prog)s wb2022.json -o flows
  %(prog)s wb2022.json --zoom 14.5,23,42,47 -o flows_zoom
  %(prog)s wb2022.json --month 2022-11 --extent 13,23,42,47.5 -o flows_2022-11
  %(prog)s ens.json --stock mean --labels 20 -o flows_mean
"""

KIND_COLOUR = {
    "origin": C.OKABE_ITO["orange"], "airport": C.OKABE_ITO["sky"], "city": "#c8c8c8",
    "border_area": C.OKABE_ITO["yellow"], "reception": C.OKABE_ITO["purple"],
    "destination": C.OKABE_ITO["green"],
}
EDGE_INTERNAL = "#8c8c8c"
EDGE_FRONTEX = C.OKABE_ITO["vermillion"]
EDGE_BORDER = C.OKABE_ITO["blue"]
EDGE_ENTRY = "#333333"
LAND = "#f2efe6"
SEA = "#e6eff5"
BORDER_LINE = "#a0a0a0"
GEO_DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "geo", "countries.geojson")
GEO_DEFAULT_SHOWN = "data/geo/countries.geojson"


def parse_args(argv):
    p = C.ArgumentParser(prog=os.path.basename(sys.argv[0]), description=__doc__, epilog=EXAMPLE)
    p.add_argument("input", help="migsim-run/1 or migsim-ensemble/1 JSON")
    p.add_argument("--month", metavar="YYYY-MM", help="flows in this month and the stock at its end "
                                                      "(default: flows summed over the reported period)")
    p.add_argument("--stock", choices=("end", "mean"), default="end",
                   help="node size: stock at the end of the period or --month (default), or the mean of the "
                        "end-of-month stocks over the period")
    p.add_argument("--labels", type=int, default=14, metavar="N",
                   help="label the N busiest places (stock plus persons arriving; default 14; 0 for none)")
    p.add_argument("--no-entries", action="store_true", help="do not draw the entries from the origins")
    p.add_argument("--extent", metavar="W,E,S,N", help="map window in degrees (default: every place on a route)")
    p.add_argument("--geo", metavar="GEOJSON",
                   help="country polygons to draw under the network (default: the file shipped with migsim, "
                        f"{GEO_DEFAULT_SHOWN}; the map is drawn without geography when it is missing)")
    p.add_argument("--no-geo", action="store_true", help="do not draw coastlines and country borders")
    p.add_argument("--zoom", metavar="W,E,S,N", help="add a second panel with this window in degrees, e.g. the "
                                                     "borders of Serbia: 14.5,23,42,47")
    C.add_output_args(p)
    return p.parse_args(argv)


def series_values(monthly, series, months):
    """{keys: the monthly values (a run's, or the replicates' means)} of a series, from the
    package's monthly table (C.series_cells), in document order."""
    return {keys: cell["mean"] if "mean" in cell else cell["value"]
            for keys, cell in C.series_cells(monthly, series, months)}


def nice(x):
    """A round number (1, 2 or 5 times a power of ten) at or below x."""
    if x <= 0:
        return 0
    e = 10 ** math.floor(math.log10(x))
    for m in (5, 2, 1):
        if m * e <= x:
            return m * e
    return e


def schematic_layout(routes, entries):
    """Left-to-right layers by hops from the entry points (or from places no route leads to)."""
    nodes = []
    for r in routes:
        for n in (r["from"], r["to"]):
            if n not in nodes:
                nodes.append(n)
    incoming = {r["to"] for r in routes}
    roots = [n for n in nodes if n in entries or n not in incoming]
    if not roots:
        roots = nodes[:1]
    depth = {n: 0 for n in roots}
    frontier = list(roots)
    while frontier:
        nxt = []
        for n in frontier:
            for r in routes:
                if r["from"] == n and r["to"] not in depth:
                    depth[r["to"]] = depth[n] + 1
                    nxt.append(r["to"])
        frontier = nxt
    for n in nodes:
        depth.setdefault(n, 0)
    layers = {}
    for n in nodes:
        layers.setdefault(depth[n], []).append(n)
    pos = {}
    for d, ns in layers.items():
        for i, n in enumerate(ns):
            pos[n] = (float(d), (len(ns) - 1) / 2.0 - i)
    return pos


def parse_extent(text, opt):
    try:
        e = [float(x) for x in text.split(",")]
        if len(e) != 4 or e[0] >= e[1] or e[2] >= e[3]:
            raise ValueError
    except ValueError:
        raise C.PlotError(f"{opt} {text}: give W,E,S,N in degrees with W < E and S < N")
    return e


def load_geo(path, explicit):
    """Country outlines as [(code, [ring, ...])], rings being lists of (lon, lat), and a note for the
    caption when there are none. A missing default file is not an error (the map is drawn without
    geography); a file named with --geo must exist and be GeoJSON polygons."""
    import json
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except FileNotFoundError:
        if explicit:
            raise C.PlotError(f"--geo {path}: no such file")
        return [], f"No geography drawn ({GEO_DEFAULT_SHOWN} not found)."
    except (OSError, ValueError) as e:
        raise C.PlotError(f"{path}: cannot read GeoJSON: {e}")
    out = []
    try:
        for i, ft in enumerate(doc["features"]):
            g = ft["geometry"]
            if g["type"] not in ("Polygon", "MultiPolygon"):
                raise ValueError(f"feature {i}: geometry {g['type']}, not Polygon or MultiPolygon")
            polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
            rings = [[(float(x), float(y)) for x, y in ring] for poly in polys for ring in poly if len(ring) >= 3]
            out.append((str(ft.get("properties", {}).get("code", i)), rings))
    except (KeyError, TypeError, ValueError) as e:
        raise C.PlotError(f"{path}: not GeoJSON country polygons ({e})")
    return out, None


class Net:
    """What is drawn: positions, flows, stocks, entries and the shared scales."""


def build(doc, a):
    meta = doc["meta"]
    world = meta.get("world") or {}
    n = Net()
    n.locs = {l["id"]: l for l in world.get("locations", [])}
    n.routes = world.get("routes", [])
    if not n.routes:
        raise C.PlotError(f"{a.input}: the world has no routes (meta.world.routes)")
    months = doc.get("months") or []
    monthly = doc.get("monthly") or {}
    for s in ("route_entries", "stock", "departures"):
        if s not in monthly:
            raise C.PlotError(f"{a.input}: no monthly '{s}' series")
    if a.month is not None:
        if not C.MONTH_RE.match(a.month):
            raise C.PlotError(f"--month {a.month}: not a month (YYYY-MM)")
        if a.month not in months:
            raise C.PlotError(f"--month {a.month} is not in the document ({months[0]} to {months[-1]})")
        idx = [months.index(a.month)]
    else:
        idx = list(range(len(months)))
    n.months, n.idx = months, idx
    n.extent = parse_extent(a.extent, "--extent") if a.extent else None
    n.zoom = parse_extent(a.zoom, "--zoom") if a.zoom else None
    if a.labels < 0:
        raise C.PlotError("--labels must be 0 or more")

    n.flow = {}
    entries = series_values(monthly, "route_entries", months)
    for r in n.routes:
        v = entries.get((r["key"],))
        n.flow[r["key"]] = sum(v[i] for i in idx) if v is not None else 0.0
    n.stock = {}
    for (lid,), v in series_values(monthly, "stock", months).items():
        n.stock[lid] = v[idx[-1]] if a.stock == "end" else sum(v[i] for i in idx) / len(idx)
    # Entries from the origins: departures by nationality and channel, at the channel's first place.
    n.entries = {}  # to -> {"persons": x, "origins": {origin: persons}, "channels": [names]}
    if not a.no_entries:
        departures = series_values(monthly, "departures", months)
        for nat in world.get("nationalities", []):
            for ch in nat.get("channels", []):
                v = departures.get((nat["code"], ch["name"]))
                if v is None:
                    continue
                x = sum(v[i] for i in idx)
                e = n.entries.setdefault(ch["to"], {"persons": 0.0, "origins": {}, "channels": []})
                e["persons"] += x
                e["origins"][nat["origin"]] = e["origins"].get(nat["origin"], 0.0) + x
                if x > 0 and ch["name"] not in e["channels"]:
                    e["channels"].append(ch["name"])
    n.entry_texts = {}
    n.frontex = {b["name"]: b.get("frontex", False) for b in world.get("borders", [])}

    n.nodes = []
    for r in n.routes:
        for v in (r["from"], r["to"]):
            if v not in n.nodes:
                n.nodes.append(v)
    n.geo = all(v in n.locs and (n.locs[v].get("lat", 0) != 0 or n.locs[v].get("lon", 0) != 0) for v in n.nodes)
    if n.geo:
        n.pos = {lid: (l["lon"], l["lat"]) for lid, l in n.locs.items()}
        lat0 = sum(n.pos[v][1] for v in n.nodes) / len(n.nodes)
        n.kx = math.cos(math.radians(lat0))
    else:
        if n.extent or n.zoom:
            raise C.PlotError("--extent and --zoom need coordinates, and places of this world have none (lat = lon = 0)")
        n.pos = schematic_layout(n.routes, set(n.entries))
        n.kx = 1.0
    n.countries, n.geo_note = [], None
    if n.geo and not a.no_geo:
        n.countries, n.geo_note = load_geo(a.geo or GEO_DEFAULT, a.geo is not None)
    xs = [n.pos[v][0] for v in n.nodes]
    ys = [n.pos[v][1] for v in n.nodes]
    n.diag_all = math.hypot((max(xs) - min(xs)) * n.kx, max(ys) - min(ys)) or 1.0
    # Tails of the entry arrows, from the mean direction of the origins
    n.tails = {}
    for to, e in n.entries.items():
        if e["persons"] <= 0 or to not in n.pos:
            continue
        tx, ty = n.pos[to]
        ox = oy = 0.0
        for o, x in e["origins"].items():
            if n.geo and o in n.locs:
                dx, dy = (n.locs[o]["lon"] - tx) * n.kx, n.locs[o]["lat"] - ty
                L = math.hypot(dx, dy) or 1.0
                ox, oy = ox + x * dx / L, oy + x * dy / L
        if math.hypot(ox, oy) < 1e-9:
            ox, oy = -1.0, 0.4
        L = math.hypot(ox, oy)
        ln = 0.07 * n.diag_all
        n.tails[to] = (tx + ox / L * ln / n.kx, ty + oy / L * ln)
    if n.extent is None:
        px = xs + [t[0] for t in n.tails.values()]
        py = ys + [t[1] for t in n.tails.values()]
        x0, x1, y0, y1 = min(px), max(px), min(py), max(py)
        padx, pady = max((x1 - x0) * 0.05, 0.5), max((y1 - y0) * 0.07, 0.5)
        n.extent = [x0 - padx, x1 + padx, y0 - pady, y1 + pady]
    n.fmax = max(list(n.flow.values()) + [e["persons"] for e in n.entries.values()] + [0.0])
    n.smax = max([n.stock.get(v, 0.0) for v in n.nodes] + [0.0])
    n.inflow = {}
    for r in n.routes:
        n.inflow[r["to"]] = n.inflow.get(r["to"], 0.0) + n.flow[r["key"]]
    return n


def width(n, x):
    return 0.5 + 9.0 * (x / n.fmax) if n.fmax > 0 else 0.5


def size(n, s):
    return 12 + 330.0 * (s / n.smax) if n.smax > 0 else 12


def place_labels(fig, ax, n, labels, visible):
    """Write the labels beside their places, trying four positions and skipping a label that
    would overlap another label, a place or the axes edge."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    axbox = ax.get_window_extent(r)
    pts = fig.dpi / 72.0
    taken = []
    for t in n.entry_texts.get(ax, []):
        bb = t.get_window_extent(r)
        taken.append((bb.x0 - 3 * pts, bb.y0 - 3 * pts, bb.x1 + 3 * pts, bb.y1 + 3 * pts))
    for v in visible:
        x, y = ax.transData.transform(n.pos[v])
        rad = (math.sqrt(size(n, n.stock.get(v, 0.0))) / 2) * pts
        taken.append((x - rad, y - rad, x + rad, y + rad))
    for v, name in labels:
        x, y = ax.transData.transform(n.pos[v])
        rad = (math.sqrt(size(n, n.stock.get(v, 0.0))) / 2 + 1) * pts
        t = ax.text(0, 0, name, fontsize=C.FONT - 2, zorder=7, transform=None,
                    bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.8))
        bb = t.get_window_extent(r)
        w, h = bb.width + 3 * pts, bb.height + 3 * pts
        placed = False
        for dx, dy in ((rad, rad * 0.3), (rad, -rad * 0.3 - h), (-rad - w, rad * 0.3), (-rad - w, -rad * 0.3 - h),
                       (-w / 2, rad + 1), (-w / 2, -rad - h - 1)):
            box = (x + dx, y + dy, x + dx + w, y + dy + h)
            if box[0] < axbox.x0 or box[2] > axbox.x1 or box[1] < axbox.y0 or box[3] > axbox.y1:
                continue
            if any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in taken):
                continue
            taken.append(box)
            xd, yd = ax.transData.inverted().transform((box[0] + 1.5 * pts, box[1] + 1.5 * pts))
            t.set_transform(ax.transData)
            t.set_position((xd, yd))
            t.set_ha("left")
            t.set_va("bottom")
            placed = True
            break
        if not placed:
            t.remove()


def draw_countries(ax, countries, extent):
    """Land, coastlines and borders: one patch a country inside the window, its SVG group named
    country-CODE (the tests count them)."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path
    x0, x1, y0, y1 = extent
    ax.set_facecolor(SEA)
    ax.grid(True, color="#ffffff", lw=0.6, alpha=0.7)
    ax.set_axisbelow(True)
    for code, rings in countries:
        inside = [r for r in rings if min(p[0] for p in r) < x1 and max(p[0] for p in r) > x0
                  and min(p[1] for p in r) < y1 and max(p[1] for p in r) > y0]
        if not inside:
            continue
        path = Path.make_compound_path(*[Path(r, closed=True) for r in inside])
        patch = PathPatch(path, fc=LAND, ec=BORDER_LINE, lw=0.5, zorder=0.2)
        patch.set_gid(f"country-{code}")
        ax.add_patch(patch)


def draw_map(ax, n, extent, nlabels, adjustable):
    from matplotlib.patches import FancyArrowPatch
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1.0 / n.kx if n.geo else "auto", adjustable=adjustable)
    if n.geo and n.countries:
        draw_countries(ax, n.countries, extent)
    else:
        ax.grid(True, color="#eeeeee")
    diag = math.hypot((x1 - x0) * n.kx, y1 - y0)
    keys = {(r["from"], r["to"]) for r in n.routes}
    off = 0.005 * diag
    node_pts = {v: math.sqrt(size(n, n.stock.get(v, 0.0))) / 2 + 1.5 for v in n.nodes}
    kx = n.kx
    for r in sorted(n.routes, key=lambda r: n.flow[r["key"]]):
        f, t = r["from"], r["to"]
        (xa, ya), (xb, yb) = n.pos[f], n.pos[t]
        if (t, f) in keys:  # both directions: each on its right-hand side
            dx, dy = (xb - xa) * kx, yb - ya
            L = math.hypot(dx, dy) or 1.0
            ox, oy = dy / L * off / kx, -dx / L * off
            xa, ya, xb, yb = xa + ox, ya + oy, xb + ox, yb + oy
        x = n.flow[r["key"]]
        border = r.get("border")
        colour = EDGE_INTERNAL if not border else (EDGE_FRONTEX if n.frontex.get(border) else EDGE_BORDER)
        if x <= 0:
            ax.plot([xa, xb], [ya, yb], color=colour, lw=0.8, ls=(0, (2, 2)), zorder=1, alpha=0.9)
        else:
            lw = width(n, x)
            ax.add_patch(FancyArrowPatch((xa, ya), (xb, yb), arrowstyle="-|>", color=colour, lw=lw,
                                         shrinkA=node_pts[f], shrinkB=node_pts[t], mutation_scale=6 + 1.4 * lw,
                                         alpha=0.85, zorder=2))
        if border:
            ax.plot([(xa + xb) / 2], [(ya + yb) / 2], marker="D", ms=5, mfc="white", mec=colour, mew=1.4, zorder=3)
    for to, (sx, sy) in n.tails.items():
        e = n.entries[to]
        tx, ty = n.pos[to]
        lw = width(n, e["persons"])
        ax.add_patch(FancyArrowPatch((sx, sy), (tx, ty), arrowstyle="-|>", color=EDGE_ENTRY, lw=lw, ls=(0, (3, 2)),
                                     shrinkA=0, shrinkB=node_pts[to], mutation_scale=6 + 1.4 * lw, alpha=0.55,
                                     zorder=2))
        if x0 <= sx <= x1 and y0 <= sy <= y1:
            ux, uy = (sx - tx) * kx, sy - ty
            L = math.hypot(ux, uy) or 1.0
            ux, uy = ux / L, uy / L
            n.entry_texts.setdefault(ax, []).append(ax.annotate(
                        f"from origins ({', '.join(e['channels'])}):\n{C.fmt_int(e['persons'])} persons", xy=(sx, sy),
                        xytext=(6 * ux, 6 * uy), textcoords="offset points",
                        ha="left" if ux > 0.3 else ("right" if ux < -0.3 else "center"),
                        va="bottom" if uy > 0.3 else ("top" if uy < -0.3 else "center"),
                        fontsize=C.FONT - 2, color="#222222", zorder=6,
                        bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="#aaaaaa", alpha=0.9)))
    for v in n.nodes:
        if not (x0 <= n.pos[v][0] <= x1 and y0 <= n.pos[v][1] <= y1):
            continue
        l = n.locs.get(v, {})
        ax.scatter([n.pos[v][0]], [n.pos[v][1]], s=size(n, n.stock.get(v, 0.0)),
                   c=KIND_COLOUR.get(l.get("kind"), "#ffffff"), edgecolors="#222222", linewidths=0.8, zorder=4,
                   alpha=0.8)
    visible = [v for v in n.nodes if x0 <= n.pos[v][0] <= x1 and y0 <= n.pos[v][1] <= y1]
    order = sorted(visible, key=lambda v: -(n.stock.get(v, 0.0) + n.inflow.get(v, 0.0)))
    labels = []
    for v in order[:nlabels]:
        l = n.locs.get(v, {})
        name = l.get("name", v)
        if n.geo and l.get("country"):
            name = f"{name} ({l['country']})"
        labels.append((v, name))
    return labels, visible


def set_axis_labels(ax, n):
    if n.geo:
        ax.set_xlabel("longitude (\u00b0E)")
        ax.set_ylabel("latitude (\u00b0N)")
    else:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("schematic layout (no coordinates in the world): left to right, route hops from the entries")


def main():
    a = parse_args(sys.argv[1:])
    doc = C.load(a.input, ("migsim-run/1", "migsim-ensemble/1"))
    meta = doc["meta"]
    n = build(doc, a)
    plt = C.setup_matplotlib()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    def aspect(e):
        return (e[3] - e[2]) / ((e[1] - e[0]) * n.kx) if n.geo else 0.6

    if n.zoom:
        ra, rb = aspect(n.extent), aspect(n.zoom)
        wa, wb = 1.0 / ra, 1.0 / rb  # widths at equal height
        W = 14.0
        h = min(9.0, max(4.0, W / (wa + wb) * 0.8))
        fig, (ax, axz) = plt.subplots(1, 2, figsize=(W, h + 2.6), gridspec_kw={"width_ratios": [wa, wb]})
    else:
        W = 11.0
        h = min(9.5, max(4.5, W * 0.8 * aspect(n.extent)))
        fig, ax = plt.subplots(figsize=(W, h + 2.4))
        axz = None
    lab = [(ax, draw_map(ax, n, n.extent, a.labels, "box" if n.zoom else "datalim"))]
    set_axis_labels(ax, n)
    if axz is not None:
        lab.append((axz, draw_map(axz, n, n.zoom, max(a.labels, 40), "box")))
        set_axis_labels(axz, n)
        x0, x1, y0, y1 = n.zoom
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="#222222", lw=1.0, ls="--", zorder=8))
        ax.annotate("(b)", (x0, y0), xytext=(3, 3), textcoords="offset points", fontsize=C.FONT - 1, zorder=8)
        ax.set_title("(a) the whole network", loc="left", fontsize=C.FONT)
        axz.set_title(f"(b) detail: {x0:g}\u2013{x1:g}\u00b0E, {y0:g}\u2013{y1:g}\u00b0N", loc="left",
                      fontsize=C.FONT)

    months, idx = n.months, n.idx
    sc = meta.get("scenario", {}).get("name")
    period = f"in {a.month}" if a.month else f"{months[0]} to {months[-1]}"
    stock_when = (f"at the end of {months[idx[-1]]}" if a.stock == "end" or len(idx) == 1
                  else f"mean of the end-of-month values, {months[idx[0]]} to {months[idx[-1]]}")
    fig.suptitle(a.title or f"Route network of {sc}: persons starting each route, {period}", x=0.01, ha="left")
    handles = []
    ref = {nice(n.fmax), nice(n.fmax / 5), nice(n.fmax / 25)} if n.fmax > 0 else set()
    for v in sorted(ref, reverse=True):
        if v > 0:
            handles.append(Line2D([], [], color=EDGE_INTERNAL, lw=width(n, v), label=f"{C.fmt_int(v)} persons"))
    handles += [
        Line2D([], [], color=EDGE_INTERNAL, lw=2.5, label="route within a country"),
        Line2D([], [], color=EDGE_FRONTEX, lw=2.5, marker="D", mfc="white", ms=5,
               label="border crossing counted by Frontex"),
        Line2D([], [], color=EDGE_BORDER, lw=2.5, marker="D", mfc="white", ms=5, label="other border crossing"),
        Line2D([], [], color=EDGE_INTERNAL, lw=0.8, ls=(0, (2, 2)), label="route not used"),
    ]
    if n.tails:
        handles.append(Line2D([], [], color=EDGE_ENTRY, lw=2.5, ls=(0, (3, 2)), alpha=0.55,
                              label="departures entering the network"))
    if n.smax > 0:
        for v in sorted({nice(n.smax), nice(n.smax / 5)}, reverse=True):
            if v > 0:
                handles.append(Line2D([], [], ls="none", marker="o", mfc="white", mec="#222222",
                                      ms=math.sqrt(size(n, v)), label=f"stock {C.fmt_int(v)} persons"))
    kinds = []
    for v in n.nodes:
        k = n.locs.get(v, {}).get("kind")
        if k and k not in kinds:
            kinds.append(k)
    for k in kinds:
        handles.append(Line2D([], [], ls="none", marker="o", ms=8, mfc=KIND_COLOUR.get(k, "#ffffff"), mec="#222222",
                              label=k.replace("_", " ")))
    extra = [f"Arrow width: persons starting each route, {period} (linear scale); on a border crossing, the "
             f"persons who passed undetected. Circle area: persons waiting or in reception (stock), {stock_when}."]
    if n.tails:
        extra.append("Dashed arrows: departures from the origins entering the network, by entry channel, drawn "
                     "from the mean direction of the origins.")
    if n.countries:
        extra.append("Coastlines and borders: DCW-GMT (LGPL-3+), simplified.")
    elif n.geo_note:
        extra.append(n.geo_note)
    if doc["schema"] == "migsim-ensemble/1":
        extra.append(f"Means over {meta.get('replicates')} replicates (intervals not shown).")
    C.finish(fig, C.caption(doc, extra=extra), a.output, a.dpi,
             legend=(handles, [h.get_label() for h in handles]), legend_ncol=4,
             before_save=lambda: [place_labels(fig, x, n, *lv) for x, lv in lab])


if __name__ == "__main__":
    C.run_main(main)
