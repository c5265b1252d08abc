#!/usr/bin/env bash
# The main job on the embedded sandbox: start a local cluster, then the user's own workflow with kctl.
set -euo pipefail
cd "$(dirname "$0")/.."
kctl() { echo "\$ kctl $*" >&2; node bin/run.js "$@"; }

kctl sandbox start
kctl get nodes
kctl run nginx-app --image nginx --port=80
kctl get pods -o wide
cat > /tmp/nginx-app.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-app
  labels:
    app: nginx-app
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx-app
  template:
    metadata:
      labels:
        app: nginx-app
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
YAML
kctl apply -f /tmp/nginx-app.yaml
kctl scale deployment nginx-app --replicas=3
kctl rollout status deployment/nginx-app --timeout=60s 2>/dev/null || sleep 5
kctl expose deployment nginx-app --type=NodePort
kctl get deploy,svc -o wide
port=$(node bin/run.js get svc nginx-app -o jsonpath='{.spec.ports[0].nodePort}')
echo "\$ curl -s 127.0.0.1:$port | head -4" >&2
sleep 2
curl -s "127.0.0.1:$port" | head -4 || echo "(NodePort not reachable yet)"
kctl cordon kctl-sandbox-worker
kctl taint nodes kctl-sandbox-worker2 dedicated=demo:PreferNoSchedule
kctl get nodes
kctl uncordon kctl-sandbox-worker
echo
echo "The sandbox keeps running: try 'node bin/run.js get pods', 'source <(node bin/run.js completion bash)'," >&2
echo "or real kubectl (the kubeconfig's current context is kctl-sandbox). Stop it with 'node bin/run.js sandbox stop'." >&2
