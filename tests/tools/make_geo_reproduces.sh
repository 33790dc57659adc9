#!/usr/bin/env bash
# tools/make_geo.py remakes data/geo/countries.geojson byte for byte from Debian's gmt-dcw
# (skipped, exit 77, where gmt-dcw or python3-netcdf4 is not installed).
set -euo pipefail
src=$1 work=$2 py=${3:-/usr/bin/python3}
[ -f /usr/share/gmt-dcw/dcw-gmt.nc ] && "$py" -c 'import netCDF4' 2>/dev/null || {
    echo "skipped: needs gmt-dcw and python3-netcdf4"; exit 77; }
mkdir -p "$work"
"$py" "$src/tools/make_geo.py" -o "$work/countries.geojson"
cmp "$work/countries.geojson" "$src/data/geo/countries.geojson"
echo "data/geo/countries.geojson reproduced"
