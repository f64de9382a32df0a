#!/usr/bin/env bash
# Regenerates scheduler-stream's Ray parity fixture: random result sequences run through Ray Tune's own
# AsyncHyperBandScheduler and MedianStoppingRule, with Ray's decision for each. RayParityTest (in ./mvnw verify)
# replays them through ktune's scheduler-stream and requires the same decisions.
# Usage: bench/ray_parity.sh [SCENARIOS] [SEED] (default 150 1). Installs ray[tune] into a cached venv once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${KTUNE_CACHE:-$HOME/.cache/ktune}/ray-2.60.0"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import ray.tune" 2>/dev/null; then
  echo "installing ray[tune] 2.60.0 into $venv (once)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "ray[tune]==2.60.0"
fi
out="$root/scheduler-stream/src/test/resources/ray-parity.json"
"$venv/bin/python" -W ignore "$root/bench/ray_parity.py" "${1:-150}" "${2:-1}" > "$out"
echo "wrote $out; replay it with: ./mvnw -pl scheduler-stream test -Dtest=RayParityTest" >&2
