#!/usr/bin/env bash
# Per-TAB time of kctl's bash completion against kubectl's own (`kubectl completion bash`), both driven the same way:
# the script is sourced once in `bash --norc`, then the completion function runs N times with COMP_LINE/COMP_WORDS
# set as readline sets them (bash-completion loaded, as kubectl's script requires); the time per call is the wall time of the loop divided by N.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
N="${N:-20}"
start_sandbox --nodes 1
kubectl create deployment web --image=nginx --replicas=5 >/dev/null
kctl get pods >/dev/null; kubectl get pods >/dev/null
kctl completion bash >"$WORK/kctl.bash"
kubectl completion bash >"$WORK/kubectl.bash"

# per_tab SCRIPT FUNCTION LINE [clear-cache] → milliseconds per TAB, and the candidates of the last call
per_tab() {
  bash --norc --noprofile -c '
    # kubectl'"'"'s script needs the bash-completion package; both scripts run with it loaded.
    source /usr/share/bash-completion/bash_completion
    source "$1"; fn="$2"; line="$3"; clear="$4"; n="$5"
    compopt() { :; }
    COMP_LINE="$line"; COMP_POINT=${#line}; COMP_TYPE=9; COMP_KEY=9
    read -r -a COMP_WORDS <<< "$line"; [[ "$line" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    start=$EPOCHREALTIME
    for ((i = 0; i < n; i++)); do
      [[ -n "$clear" ]] && rm -rf "$HOME/.kube/cache/kctl/complete"
      COMPREPLY=()
      "$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    done
    end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" -v n="$n" -v c="${#COMPREPLY[@]}" "BEGIN { printf \"%.1f ms (%d candidates)\", (e - s) * 1000 / n, c }"
  ' _ "$1" "$2" "$3" "${4:-}" "$N"
}

compare() {
  local label="$1" line="$2"
  local k o
  k="$(per_tab "$WORK/kctl.bash" _kctl "kctl $line" "${3:-}")"
  o="$(per_tab "$WORK/kubectl.bash" __start_kubectl "kubectl $line" "")"
  printf '%-44s kctl %-26s kubectl %s\n' "$label" "$k" "$o"
  node -e 'const [a, b] = process.argv.slice(1).map(parseFloat); console.log(`${" ".repeat(45)}ratio kctl/kubectl ${(a / b).toFixed(2)}x`)' "$k" "$o"
}

echo "per-TAB time, mean of $N calls (bash $(bash -c 'echo $BASH_VERSION'))"
compare "static: 'get --sh' (flags)" "get --sh"
compare "static: 'get -o ' (output formats)" "get -o "
compare "live: 'get pods ' (names, kctl cache warm)" "get pods "
compare "live: 'get pods ' (names, kctl cache cleared)" "get pods " clear
