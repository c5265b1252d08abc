# Shared by the bench/*.sh scripts: paths, a private sandbox, and hyperfine ratio printing.
# Each script gets its own temp dir (HOME, KUBECONFIG, data dir) so that nothing touches the user's files.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBECTL="${KUBECTL:-$(dirname "$(readlink -f "$(command -v kubectl)")")/kubectl.1.33}"
[[ -x "$KUBECTL" ]] || KUBECTL="$(command -v kubectl)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kctl-bench-XXXXXX")"
export HOME="$WORK/home" KUBECONFIG="$WORK/kc"
# Some machines point NODE_EXTRA_CA_CERTS at the whole system bundle, which costs node ~60 ms per start for nothing
# here (the sandbox CA is in the kubeconfig); kubectl ignores the variable.
unset NODE_EXTRA_CA_CERTS
mkdir -p "$HOME" "$WORK/bin"
# kctl as npm installs it (a symlink to bin/run.js), and kubectl 1.33 itself rather than the version dispatcher.
ln -s "$ROOT/bin/run.js" "$WORK/bin/kctl"
ln -s "$KUBECTL" "$WORK/bin/kubectl"
export PATH="$WORK/bin:$PATH"
SANDBOX_PID=""

# Starts a sandbox (extra arguments go to `sandbox start`) and records its pid.
start_sandbox() {
  node "$ROOT/bin/run.js" sandbox start --data-dir "$WORK/data" --kubeconfig "$KUBECONFIG" --port 0 --wait 120 "$@" >"$WORK/start.log" 2>&1 \
    || { echo "sandbox start failed:"; tail -20 "$WORK/start.log"; exit 1; }
  SANDBOX_PID="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).pid)' "$WORK/data/endpoint.json")"
}

stop_sandbox() {
  if [[ -n "$SANDBOX_PID" ]]; then
    node "$ROOT/bin/run.js" sandbox stop --data-dir "$WORK/data" >/dev/null 2>&1 || true
    kill "$SANDBOX_PID" 2>/dev/null || true
    SANDBOX_PID=""
  fi
}

cleanup() {
  stop_sandbox
  rm -rf "$WORK"
}
trap cleanup EXIT

# Prints kctl's and kubectl's medians from a hyperfine JSON export and their ratio against a goal (kctl/kubectl ≤ goal).
ratio() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results
    const med = (n) => r.find((x) => x.command === n).median * 1000
    const k = med("kctl"), o = med("kubectl"), goal = Number(process.argv[3])
    const x = k / o
    console.log(`${process.argv[2]}: kctl ${k.toFixed(1)} ms, kubectl ${o.toFixed(1)} ms, ratio ${x.toFixed(2)}x (goal <= ${goal}x: ${x <= goal ? "met" : "MISSED"})`)
  ' "$1" "$2" "$3"
}
