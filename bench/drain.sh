#!/usr/bin/env bash
# `drain NODE` of a node holding 100 pods (a Deployment pinned to it), kctl against kubectl on the same sandbox.
# Between the two runs the node is uncordoned and the 100 replacement pods are waited for, so both drains start
# from the same state.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
PODS="${PODS:-100}"
start_sandbox --nodes 2
NODE="$(kubectl get nodes -o name | tail -1)"; NODE="${NODE#node/}"
kubectl apply -f - >/dev/null <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: pinned}
spec:
  replicas: $PODS
  selector: {matchLabels: {app: pinned}}
  template:
    metadata: {labels: {app: pinned}}
    spec:
      nodeSelector: {kubernetes.io/hostname: $NODE}
      terminationGracePeriodSeconds: 0
      containers: [{name: app, image: nginx}]
YAML

# Waits until PODS pods of the deployment run on NODE.
wait_pods() {
  local n=0
  for _ in $(seq 1 600); do
    n="$(kubectl get pods -l app=pinned --field-selector "spec.nodeName=$NODE,status.phase=Running" -o name | wc -l)"
    [[ "$n" -ge "$PODS" ]] && return 0
    sleep 0.5
  done
  echo "only $n of $PODS pods running on $NODE"; exit 1
}

# Drains with the given CLI; prints wall time in ms.
drain_with() {
  local start end
  start=$EPOCHREALTIME
  "$1" drain "$NODE" --ignore-daemonsets --delete-emptydir-data --timeout=300s >"$WORK/drain-$1.log" 2>&1 || { echo "$1 drain failed:"; tail -5 "$WORK/drain-$1.log"; exit 1; }
  end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", (e - s) * 1000 }'
}

wait_pods
kctl get nodes >/dev/null; kubectl get nodes >/dev/null
K="$(drain_with kctl)"
kubectl uncordon "$NODE" >/dev/null
wait_pods
O="$(drain_with kubectl)"
echo "drain a node holding $PODS pods: kctl $K ms, kubectl $O ms, ratio kctl/kubectl $(awk -v k="$K" -v o="$O" 'BEGIN { printf "%.2f", k / o }')x"
echo "  kctl:    $(grep -c '^pod/.* evicted$' "$WORK/drain-kctl.log") evicted, last line: $(tail -1 "$WORK/drain-kctl.log")"
echo "  kubectl: $(grep -c '^pod/.* evicted$' "$WORK/drain-kubectl.log") evicted, last line: $(tail -1 "$WORK/drain-kubectl.log")"
