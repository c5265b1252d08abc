#!/usr/bin/env bash
# Per-TAB time of kctl's completion against kubectl's own (`kubectl completion bash|zsh|fish`), each driven the same
# way, for static words (flags, flag values) and a live word (pod names, kctl's 10 s name cache warm and cleared; its
# 30 min TLS session kept, as between two TABs of a shell session):
#   bash: the script is sourced once in `bash --norc`, then the completion function runs N times with
#         COMP_LINE/COMP_WORDS set as readline sets them (bash-completion loaded, as kubectl's script requires);
#   zsh:  an interactive `zsh -f` (compinit) in a zpty gets the line and a real TAB N times; the time is that of the
#         completion function inside the completion system, wrapped with $EPOCHREALTIME;
#   fish: `complete -C LINE` N times in one fish, timed around the loop.
# Then the live word end to end: `kctl __complete get pods ''` without cached names (and without any cache) against
# `kubectl __complete get pods ''`, interleaved, median of N.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
N="${N:-20}"
start_sandbox --nodes 1
kubectl create deployment web --image=nginx --replicas=5 >/dev/null
kctl get pods >/dev/null; kubectl get pods >/dev/null
for sh in bash zsh fish; do
  kctl completion "$sh" >"$WORK/kctl.$sh"
  kubectl completion "$sh" >"$WORK/kubectl.$sh"
done
CACHE="$HOME/.kube/cache/kctl/complete"

ratio_line() {
  node -e 'const [a, b] = process.argv.slice(1).map(parseFloat); console.log(`${" ".repeat(45)}ratio kctl/kubectl ${(a / b).toFixed(2)}x`)' "$1" "$2"
}

# bash_per_tab SCRIPT FUNCTION LINE [clear-cache] → milliseconds per TAB, and the candidates of the last call
bash_per_tab() {
  bash --norc --noprofile -c '
    # kubectl'"'"'s script needs the bash-completion package; both scripts run with it loaded.
    source /usr/share/bash-completion/bash_completion
    source "$1"; fn="$2"; line="$3"; clear="$4"; n="$5"; cache="$6"
    compopt() { :; }
    COMP_LINE="$line"; COMP_POINT=${#line}; COMP_TYPE=9; COMP_KEY=9
    read -r -a COMP_WORDS <<< "$line"; [[ "$line" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    total=0
    for ((i = 0; i < n; i++)); do
      [[ -n "$clear" ]] && rm -f "$cache"/[0-9a-f]*.json
      COMPREPLY=()
      start=$EPOCHREALTIME
      "$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
      end=$EPOCHREALTIME
      total=$(awk -v t="$total" -v s="$start" -v e="$end" "BEGIN { print t + e - s }")
    done
    awk -v t="$total" -v n="$n" -v c="${#COMPREPLY[@]}" "BEGIN { printf \"%.1f ms (%d candidates)\", t * 1000 / n, c }"
  ' _ "$1" "$2" "$3" "${4:-}" "$N" "$CACHE"
}

# zsh_per_tab SCRIPT FUNCTION COMMAND LINE [clear-cache] → milliseconds per TAB (inside the completion system)
cat >"$WORK/zsh-per-tab.zsh" <<'ZSH'
zmodload zsh/zpty
script=$1 fn=$2 cmd=$3 line=$4 n=$5 clear=$6 cache=$7
times=$(mktemp) setup=$(mktemp)
cat >$setup <<SETUP
PROMPT='> '
zmodload zsh/datetime
autoload -U compinit && compinit -u -D
source $script
__timed() {
  [[ -n "$clear" ]] && rm -f $cache/[0-9a-f]*.json(N)
  local s=\$EPOCHREALTIME
  $fn "\$@"
  print -r -- \$(( (EPOCHREALTIME - s) * 1000 )) \$compstate[nmatches] >> $times
}
compdef __timed $cmd
print READY
SETUP
zpty z zsh -f -i
zpty -w z "source $setup"
zpty -r z out '*READY*'
for (( i = 1; i <= n; i++ )); do
  zpty -w -n z "$line"$'\t'
  for (( t = 0; t < 500; t++ )); do (( ${#${(f)"$(<$times)"}} >= i )) && break; sleep 0.02; done
  zpty -w -n z $'\C-u'
  while zpty -rt z out 2>/dev/null; do :; done
done
zpty -d z
awk '{ s += $1; m = $2 } END { printf "%.1f ms (%d matches)", s / NR, m }' $times
rm -f $times $setup
ZSH
zsh_per_tab() {
  timeout 300 zsh -f "$WORK/zsh-per-tab.zsh" "$1" "$2" "$3" "$4" "$N" "${5:-}" "$CACHE"
}

# fish_per_tab SCRIPT LINE → milliseconds per `complete -C LINE`
fish_per_tab() {
  fish --no-config -c '
    source $argv[1]
    set -l n $argv[3]
    set -l s (date +%s%N)
    for i in (seq $n); complete -C "$argv[2]" >/dev/null; end
    set -l e (date +%s%N)
    printf "%.1f ms (%d candidates)" (math "($e - $s) / 1000000 / $n") (count (complete -C "$argv[2]"))
  ' "$1" "$2" "$N"
}

compare() {
  local shell="$1" label="$2" line="$3" clear="${4:-}" k o
  case "$shell" in
    bash) k="$(bash_per_tab "$WORK/kctl.bash" _kctl "kctl $line" "$clear")"; o="$(bash_per_tab "$WORK/kubectl.bash" __start_kubectl "kubectl $line")" ;;
    zsh) k="$(zsh_per_tab "$WORK/kctl.zsh" _kctl kctl "kctl $line" "$clear")"; o="$(zsh_per_tab "$WORK/kubectl.zsh" _kubectl kubectl "kubectl $line")" ;;
    fish) k="$(fish_per_tab "$WORK/kctl.fish" "kctl $line")"; o="$(fish_per_tab "$WORK/kubectl.fish" "kubectl $line")" ;;
  esac
  printf '%-5s %-44s kctl %-26s kubectl %s\n' "$shell" "$label" "$k" "$o"
  ratio_line "$k" "$o"
}

echo "per-TAB time, mean of $N TABs (bash $(bash -c 'echo $BASH_VERSION'), $(zsh --version | cut -d' ' -f1-2), $(fish --version))"
for shell in bash zsh fish; do
  if ! command -v "$shell" >/dev/null; then echo "$shell: not installed, skipped"; continue; fi
  compare "$shell" "static: 'get --sh' (flags)" "get --sh"
  compare "$shell" "static: 'get -o ' (output formats)" "get -o "
  compare "$shell" "live: 'get pods ' (names, kctl cache warm)" "get pods "
  # fish cannot clear the cache between TABs without a fork inside the timed loop; bash and zsh can.
  [[ "$shell" == fish ]] || compare "$shell" "live: 'get pods ' (kctl names not cached)" "get pods " clear
done

# The cold live word end to end.
# "Cold" is the usual case of a TAB more than 10 s after the last: no names cached, the TLS session (30 min) kept;
# "first" has no caches at all.
cold() {
  node -e '
    const {spawnSync} = require("child_process"), fs = require("fs"), path = require("path")
    const [n, cache] = [Number(process.argv[1]), process.argv[2]]
    const clearNames = () => { for (const f of fs.existsSync(cache) ? fs.readdirSync(cache) : []) if (!f.startsWith("tls-")) fs.rmSync(path.join(cache, f)) }
    const clearAll = () => fs.rmSync(cache, {recursive: true, force: true})
    const run = (cmd, env) => { const s = process.hrtime.bigint(); const r = spawnSync(cmd, ["__complete", "get", "pods", ""], {env: {...process.env, ...env}}); if (r.status !== 0) throw new Error(cmd + " failed"); return [Number(process.hrtime.bigint() - s) / 1e6, r.stdout.toString().split("\n").length - 2] }
    const kinds = [["kubectl", () => {}, "kubectl", {}], ["cold", clearNames, "kctl", {}], ["first", clearAll, "kctl", {}]]
    const t = {}, names = {}
    run("kctl", {})
    for (let i = 0; i < n; i++) {
      // Interleaved, so that load from elsewhere falls on all alike.
      for (const [k, prep, cmd, env] of kinds) { prep(); const [ms, c] = run(cmd, env); (t[k] ??= []).push(ms); names[k] = c }
    }
    const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)] }
    const k = med(t.kubectl)
    console.log(`live __complete get pods end to end, median of ${n}: kubectl ${k.toFixed(1)} ms (${names.kubectl} names)`)
    const line = (label, key, goal) => console.log(`  ${label.padEnd(58)} ${med(t[key]).toFixed(1)} ms (${names[key]} names), ratio kctl/kubectl ${(med(t[key]) / k).toFixed(2)}x${goal ? ` (goal <= 1x: ${med(t[key]) <= k ? "met" : "MISSED"})` : ""}`)
    line("kctl cold (no names cached, TLS session kept):", "cold", true)
    line("kctl first TAB (no caches at all):", "first", false)
  ' "$N" "$CACHE"
}
cold
