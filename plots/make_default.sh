#!/bin/sh
# The default figures of migsim: runs the default scenario (printing its summary) and the visa
# comparison, and plots them into plots/out/. With UPDATE_DOCS=1 (the cmake target `plots`) it
# also refreshes the PNGs README shows, in docs/img/ (committed).
#
#   plots/make_default.sh [MIGSIM]        or   cmake --build build --target plots
#
# MIGSIM defaults to build/migsim. Environment: PYTHON (default /usr/bin/python3, which has
# Debian's matplotlib), DPI (PNG resolution, default 110), REPLICATES (of the comparison,
# default 10), THREADS (default 2), OUT (folder, default plots/out). About 20 s on two cores.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
MIGSIM=${1:-${MIGSIM:-$root/build/migsim}}
PYTHON=${PYTHON:-/usr/bin/python3}
DPI=${DPI:-110}
R=${REPLICATES:-10}
T=${THREADS:-2}
out=${OUT:-$here/out}
img=$root/docs/img
mkdir -p "$out"
cd "$root"    # scenario paths in the documents (and the captions) stay relative

echo "migsim run scenarios/wb2022.lua"
"$MIGSIM" run scenarios/wb2022.lua -o "$out/wb2022.json"
echo "migsim compare scenarios/wb2022_no_visa_alignment.lua scenarios/wb2022.lua --replicates $R --fork-at 2022-10-20"
"$MIGSIM" compare scenarios/wb2022_no_visa_alignment.lua scenarios/wb2022.lua \
    --replicates "$R" --fork-at 2022-10-20 --threads "$T" -q -o "$out/visa_compare.json"

# Simulated Frontex-comparable detections against Frontex's published series, visa changes marked
"$PYTHON" plots/timeseries.py "$out/wb2022.json" --series frontex_detections \
    --observed data/wb_nationality_monthly.csv --dpi "$DPI" -o "$out/frontex_monthly"
# The visa changes' effect: paired differences in totals, and the four nationalities month by month
"$PYTHON" plots/compare.py "$out/visa_compare.json" --figure forest --dpi "$DPI" -o "$out/visa_forest"
"$PYTHON" plots/compare.py "$out/visa_compare.json" --figure series --series frontex_detections \
    --nationality BDI,TUN,IND,CUB --dpi "$DPI" -o "$out/visa_series"
# The route network with flows and stocks, and a detail of Serbia's borders
"$PYTHON" plots/flows.py "$out/wb2022.json" --zoom 14.5,23,42,47 --dpi "$DPI" -o "$out/flows"
# Journeys as distributions: days to arrive, detections on the way
"$PYTHON" plots/journeys.py "$out/wb2022.json" --dpi "$DPI" -o "$out/journeys"
# Flee's Burundi 2015 case under Flee's rules: camps simulated against UNHCR's counts
echo "migsim run scenarios/flee_burundi.lua"
"$MIGSIM" run scenarios/flee_burundi.lua -q -o "$out/flee_burundi.json"
"$PYTHON" plots/flee_camps.py "$out/flee_burundi.json" --dpi "$DPI" -o "$out/flee_camps"

echo "figures: $out (PNG and SVG); the default run: $out/wb2022.json"
[ "${UPDATE_DOCS:-0}" = 1 ] || exit 0
# Copies for README, reduced to 256 colours (a quarter of the size; matplotlib's Pillow does it)
mkdir -p "$img"
for f in frontex_monthly visa_forest visa_series flows; do
    "$PYTHON" - "$out/$f.png" "$img/$f.png" <<'PY' || cp "$out/$f.png" "$img/$f.png"
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
im.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(sys.argv[2], optimize=True)
PY
done
echo "README's copies of the PNGs: $img"
