#!/usr/bin/env bash
# Install the system packages migsim needs if any is missing (Debian 12; as root,
# or through sudo), then configure and build everything into build/.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/need-packages.sh build-essential cmake pkg-config liblua5.4-dev libgsl-dev libcjson-dev libyaml-dev python3 python3-jsonschema python3-yaml \
    libopenmpi-dev openmpi-bin python3-matplotlib \
    python3-pandas python3-scipy python3-statsmodels

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
