#!/usr/bin/env bash
# Consecutive `CI=true npm test` runs of one fresh clone of a commit (the hardening issue's
# "20 consecutive runs, 0 failures"), one line per run in soak.txt: exit code, seconds, commit,
# load average and jest's summary. Resumable: run it again on the same folder and it continues
# the count. It needs the machine to itself: a starved run can exceed the 300 s test limit.
#
#   bash scripts/soak.sh [FOLDER] [RUNS] [COMMIT]     (defaults: a new /tmp folder, 20, HEAD)
set -u
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
dir=${1:-$(mktemp -d /tmp/phaseless-soak-XXXX)}
runs=${2:-20}
commit=${3:-$(git -C "$repo" rev-parse HEAD)}
if [ ! -d "$dir/r" ]; then
  git clone -q "$repo" "$dir/r" && git -C "$dir/r" checkout -q "$commit" || exit 2
  # The tests read ../shared beside the clone when it exists (as CI has it).
  [ -d "$repo/../shared" ] && ln -sfn "$(cd "$repo/../shared" && pwd)" "$dir/shared"
  (cd "$dir/r" && npm ci --no-audit --no-fund > "$dir/npm-ci.log" 2>&1) || { echo "npm ci failed: $dir/npm-ci.log"; exit 2; }
fi
echo "soak of $(git -C "$dir/r" rev-parse --short HEAD) in $dir ($runs runs)"
cd "$dir/r" || exit 2
while true; do
  k=$(( $( [ -f ../soak.txt ] && wc -l < ../soak.txt || echo 0) + 1 ))
  [ "$k" -gt "$runs" ] && exit 0
  start=$(date +%s)
  CI=true npm test > "../soak-run-$k.log" 2>&1
  rc=$?
  summary=$(grep -E "^Tests:" "../soak-run-$k.log" | tail -1)
  echo "run $k exit $rc $(( $(date +%s) - start )) s $(git rev-parse --short HEAD) load $(cut -d' ' -f1-3 /proc/loadavg) $summary" | tee -a ../soak.txt
done
