#!/usr/bin/python3
"""Derive data/geo/countries.geojson (the background of plots/flows.py) from Debian's
gmt-dcw package: the DCW-GMT country polygons (LGPL-3+), clipped to a window around the
Western Balkans route network, simplified and rounded so the file stays small.

Run once by a maintainer; the output is committed, so no plot needs gmt-dcw, netCDF or a
download. Needs: apt-get install gmt-dcw python3-netcdf4.

The land polygons of DCW end at the coast, so filling them draws the coastlines and their
outlines draw the country borders: one source for both.
"""
import argparse
import json
import math
import os
import sys

DCW = "/usr/share/gmt-dcw"
# W, E, S, N: the route network (Paris to Istanbul, Athens to Brussels) with room for the
# entry arrows from the origins and for the user's --extent around it.
WINDOW = (-11.0, 48.0, 28.0, 58.0)
TOLERANCE = 0.02   # degrees (about 2 km): Douglas-Peucker tolerance
MIN_AREA = 0.005   # square degrees: smaller islands are dropped
DIGITS = 3


def die(msg):
    print(f"make_geo.py: {msg}", file=sys.stderr)
    sys.exit(2)


def countries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split(" ", 2)
            if len(parts) == 3:
                out.append((parts[1], parts[2]))
    return out


def segments(ds, code):
    """The rings of one country: a raw lon of 65535 starts a new ring (as in GMT's gmt_dcw.c)."""
    vx, vy = ds.variables[code + "_lon"], ds.variables[code + "_lat"]
    x, y = vx[:], vy[:]
    west, south = float(vx.getncattr("min")), float(vy.getncattr("min"))
    sx, sy = float(vx.getncattr("scale")), float(vy.getncattr("scale"))
    rings, cur = [], None
    for rx, ry in zip(x.tolist(), y.tolist()):
        if rx == 65535:
            if cur:
                rings.append(cur)
            cur = []
            continue
        if cur is None:
            cur = []
        cur.append((west + rx / sx, south + ry / sy))
    if cur:
        rings.append(cur)
    return rings


def clip(ring, w, e, s, n):
    """Sutherland-Hodgman clipping of a closed ring to the window (fills stay right; the cut
    edges lie on the window's border, outside any map drawn inside it)."""
    def cut(pts, inside, inter):
        out = []
        for i, p in enumerate(pts):
            q = pts[i - 1]
            if inside(p):
                if not inside(q):
                    out.append(inter(q, p))
                out.append(p)
            elif inside(q):
                out.append(inter(q, p))
        return out

    def at_x(x0):
        return lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0]))

    def at_y(y0):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0)

    pts = ring
    for inside, inter in ((lambda p: p[0] >= w, at_x(w)), (lambda p: p[0] <= e, at_x(e)),
                          (lambda p: p[1] >= s, at_y(s)), (lambda p: p[1] <= n, at_y(n))):
        if not pts:
            break
        pts = cut(pts, inside, inter)
    return pts


def simplify(pts, tol):
    """Douglas-Peucker, iterative (rings have tens of thousands of points)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = pts[i], pts[j]
        dx, dy = bx - ax, by - ay
        L = math.hypot(dx, dy)
        best, k = -1.0, -1
        for m in range(i + 1, j):
            px, py = pts[m]
            d = abs(dy * (px - ax) - dx * (py - ay)) / L if L > 0 else math.hypot(px - ax, py - ay)
            if d > best:
                best, k = d, m
        if k >= 0 and best > tol:
            keep[k] = True
            stack.append((i, k))
            stack.append((k, j))
    return [p for p, f in zip(pts, keep) if f]


def area(pts):
    return abs(sum(pts[i - 1][0] * p[1] - p[0] * pts[i - 1][1] for i, p in enumerate(pts))) / 2.0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--output", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                          "data", "geo", "countries.geojson"))
    a = p.parse_args()
    try:
        import netCDF4
    except ImportError:
        die("needs the netCDF4 module: apt-get install python3-netcdf4")
    nc = os.path.join(DCW, "dcw-gmt.nc")
    if not os.path.exists(nc):
        die(f"{nc} not found: apt-get install gmt-dcw")
    ds = netCDF4.Dataset(nc)
    ds.set_auto_maskandscale(False)
    w, e, s, n = WINDOW
    feats = []
    for code, name in countries(os.path.join(DCW, "dcw-countries.txt")):
        if code + "_lon" not in ds.variables:
            continue
        vx, vy = ds.variables[code + "_lon"], ds.variables[code + "_lat"]
        if (vx.getncattr("max") < w or vx.getncattr("min") > e or vy.getncattr("max") < s
                or vy.getncattr("min") > n):
            continue
        polys = []
        for ring in segments(ds, code):
            r = clip(ring, w, e, s, n)
            if len(r) < 3:
                continue
            r = simplify(r + [r[0]], TOLERANCE)
            if len(r) < 4 or area(r) < MIN_AREA:
                continue
            polys.append([[[round(x, DIGITS), round(y, DIGITS)] for x, y in r]])
        if polys:
            feats.append({"type": "Feature", "properties": {"code": code, "name": name},
                          "geometry": {"type": "MultiPolygon", "coordinates": polys}})
    doc = {
        "type": "FeatureCollection",
        "source": (f"DCW-GMT {ds.getncattr('version')} ({ds.getncattr('source')}), Debian package gmt-dcw, "
                   "LGPL-3.0-or-later; derived by tools/make_geo.py"),
        "window": list(WINDOW), "tolerance_deg": TOLERANCE, "min_area_deg2": MIN_AREA,
        "features": feats,
    }
    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
    tmp = a.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"), ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, a.output)
    print(f"{a.output}: {len(feats)} countries, {sum(len(f['geometry']['coordinates']) for f in feats)} polygons",
          file=sys.stderr)


if __name__ == "__main__":
    main()
