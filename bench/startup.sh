#!/usr/bin/env bash
# Startup: `version --client` (goal ≤ 1.5× kubectl) and `get pods` against a sandbox with a warm discovery cache
# (goal ≤ 2× kubectl), both measured with hyperfine side by side.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-20}"
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)"; exit 1; }

hyperfine -N -w 3 -r "$RUNS" --export-json "$WORK/version.json" \
  -n kctl "kctl version --client" -n kubectl "kubectl version --client" >"$WORK/version.txt"
ratio "$WORK/version.json" "version --client" 1.5

start_sandbox --nodes 1
kubectl create deployment web --image=nginx --replicas=5 >/dev/null
# Warm both discovery caches (same HOME, so the same ~/.kube/cache) before timing.
kctl get pods >/dev/null; kubectl get pods >/dev/null
# Runs are wrapped (same cost for both) so that a failing run is counted and its stderr kept, not hidden by hyperfine.
cat >"$WORK/bin/logfail" <<'SH'
#!/bin/sh
"$@" 2>>"$FAILLOG" >/dev/null || { echo "exit $?: $*" >>"$FAILLOG"; exit 1; }
SH
chmod +x "$WORK/bin/logfail"
export FAILLOG="$WORK/failures.log"; : >"$FAILLOG"
hyperfine -N -i -w 3 -r "$RUNS" --export-json "$WORK/get.json" \
  -n kctl "logfail kctl get pods" -n kubectl "logfail kubectl get pods" >"$WORK/get.txt"
ratio "$WORK/get.json" "get pods (warm discovery cache)" 2
if grep -q '^exit' "$FAILLOG"; then echo "some runs failed (hyperfine timed them too):"; grep -B3 '^exit' "$FAILLOG" | head -20; fi
