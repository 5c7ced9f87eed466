#!/usr/bin/env bash
# Runs every point spec of a folder (points.js wrote them), synchronous ones first (base, dead,
# stuck: array sweeps, about a minute each), then the asynchronous ones (event simulation, 10-20
# minutes each at nice 19 on a shared machine); an interrupted point resumes from its last
# epoch's checkpoint. Usage: bash docs/ep-robustness/run.sh POINTS RUNS [PHASELESS]
# (PHASELESS: the CLI to run, default this checkout's dist/cli/main.js after npm run build).
set -u
points=$1; runs=$2; cli=${3:-$(dirname "$0")/../../dist/cli/main.js}
mkdir -p "$runs"
for s in "$points"/base-*.json "$points"/dead-*.json "$points"/stuck-*.json "$points"/*.json; do
  id=$(basename "$s" .json); out=$runs/$id
  if grep -q '"status":"done"' "$out/status.json" 2>/dev/null; then continue; fi
  if [ -d "$out" ]; then nice -n 19 node "$cli" ep --resume "$out" >> "$runs/$id.log" 2>&1
  else nice -n 19 node "$cli" ep "$s" --out "$out" >> "$runs/$id.log" 2>&1; fi
  echo "$(date -u +%FT%TZ) $id exit $?" >> "$runs/done.txt"
done
