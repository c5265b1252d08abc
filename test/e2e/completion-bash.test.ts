// bash completion against a real sandbox: completions/kctl.bash is sourced in `bash --norc`, COMP_LINE/COMP_POINT/
// COMP_WORDS/COMP_CWORD are set as readline sets them, `_kctl` runs, and COMPREPLY is compared whole with values read
// through real kubectl. Every case runs with and without the bash-completion package.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {ROOT, requireKubectl} from '../helpers/cli.js'
import {completionWorld, loggingKctl, longFlags, run, subcommands, topLevelWords, type CompletionWorld} from './completion-fixture.js'

const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion'
const SCRIPT = path.join(ROOT, 'completions', 'kctl.bash')

// Reads cases (one command line per line) from stdin; prints `reply<TAB>compopt calls` per case, candidates joined
// by \x1f. compopt is wrapped because outside a real TAB bash refuses it, and its calls are part of the answer.
const HARNESS = String.raw`
if [[ "$1" == with-bash-completion ]]; then source "${BASH_COMPLETION}"; fi
source "${SCRIPT}"
compopt() { __opts+="$* "; }
while IFS= read -r line; do
  COMP_LINE="$line"; COMP_POINT=${'$'}{#line}
  COMP_WORDS=(); read -r -a COMP_WORDS <<< "$line"
  [[ "$line" == *' ' ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${'$'}{#COMP_WORDS[@]} - 1 ))
  COMPREPLY=(); __opts=""
  _kctl kctl "${'$'}{COMP_WORDS[COMP_CWORD]}" "${'$'}{COMP_WORDS[COMP_CWORD-1]}" 2>/tmp/kctl-harness-stderr.$$
  err=$(cat /tmp/kctl-harness-stderr.$$)
  out=$(IFS=$'\x1f'; printf '%s' "${'$'}{COMPREPLY[*]}")
  printf '%s\t%s\t%s\n' "$out" "$__opts" "$err"
done
rm -f /tmp/kctl-harness-stderr.$$
`

interface Reply {
  candidates: string[]
  compopt: string
  stderr: string
}

const HAVE = requireKubectl('bash completion e2e')
const d = HAVE ? describe : describe.skip

d('bash completion (COMP_WORDS harness)', () => {
  let w: CompletionWorld
  let harness: string
  beforeAll(async () => {
    w = await completionWorld()
    harness = path.join(w.filesDir, '..', 'harness.bash')
    fs.writeFileSync(harness, HARNESS)
  }, 180_000)
  afterAll(async () => {
    await w?.stop()
  })

  /** Completes each line in one bash process. */
  async function complete(lines: string[], withPackage: boolean, env: NodeJS.ProcessEnv = {}): Promise<Reply[]> {
    const r = await run({...w, env: {...w.env, ...env}}, 'bash', ['--norc', '--noprofile', harness, withPackage ? 'with-bash-completion' : 'plain'], {stdin: `${lines.join('\n')}\n`, timeoutMs: 120_000})
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rows = r.stdout.split('\n').slice(0, -1)
    expect(rows.length).toBe(lines.length)
    return rows.map((row) => {
      const [out, opts, err] = row.split('\t')
      return {candidates: out === '' ? [] : out.split('\x1f'), compopt: opts.trim(), stderr: err}
    })
  }

  const variants: [string, boolean][] = [['without bash-completion', false]]
  if (fs.existsSync(BASH_COMPLETION) || process.env.CI === 'true') variants.push(['with bash-completion', true])
  else process.stdout.write(`SKIP bash completion with the bash-completion package: ${BASH_COMPLETION} is missing\n`)

  describe.each(variants)('%s', (_label, withPackage) => {
    test('commands, subcommands and flags come from the manifest', async () => {
      const cases: [string, string[]][] = [
        ['kctl ', topLevelWords()],
        ['kctl ver', ['version']],
        ['kctl c', topLevelWords().filter((x) => x.startsWith('c'))],
        ['kctl config ', subcommands('config')],
        ['kctl config use', ['use-context']],
        ['kctl create ', subcommands('create')],
        ['kctl create service ', subcommands('create:service')],
        ['kctl create secret ', subcommands('create:secret')],
        ['kctl sandbox ', subcommands('sandbox')],
        ['kctl get --', longFlags('get')],
        ['kctl get --show-', longFlags('get').filter((f) => f.startsWith('--show-'))],
        ['kctl get --all', ['--all-namespaces']],
        ['kctl drain --delete', ['--delete-emptydir-data']],
        ['kctl -n default get --wat', ['--watch', '--watch-only']],
      ]
      const got = await complete(cases.map(([l]) => l), withPackage)
      expect(got.map((g) => g.candidates)).toEqual(cases.map(([, want]) => want))
      expect(got.map((g) => g.stderr).join('')).toBe('')
    }, 120_000)

    test('enumerated flag values, separate and in --flag=value form', async () => {
      const output = ['json', 'yaml', 'name', 'wide', 'jsonpath=', 'jsonpath-as-json=', 'jsonpath-file=', 'custom-columns=', 'custom-columns-file=', 'go-template=', 'go-template-file=']
      const cases: [string, string[]][] = [
        ['kctl get -o ', output],
        ['kctl get pods --output ', output],
        ['kctl get -o j', ['json', 'jsonpath=', 'jsonpath-as-json=', 'jsonpath-file=']],
        ['kctl get --output=y', ['yaml']],
        ['kctl get -o=n', ['name']],
        ['kctl expose deployment web --type ', ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']],
        ['kctl expose deployment web --type=N', ['NodePort']],
        ['kctl run x --image=nginx --restart ', ['Always', 'OnFailure', 'Never']],
        ['kctl run x --restart=O', ['OnFailure']],
        ['kctl delete pod multi --cascade ', ['background', 'foreground', 'orphan']],
        ['kctl delete --cascade=f', ['foreground']],
        ['kctl drain --dry-run=s', ['server']],
        ['kctl taint nodes kctl-sandbox-worker dedicated=gpu:', ['NoSchedule', 'PreferNoSchedule', 'NoExecute']],
        ['kctl taint nodes kctl-sandbox-worker dedicated=gpu:No', ['NoSchedule', 'NoExecute']],
        ['kctl create deployment d --dry-run ', ['none', 'client', 'server']],
      ]
      const got = await complete(cases.map(([l]) => l), withPackage)
      // The order inside an enumeration is the command's own; the set is what kubectl accepts.
      expect(got.map((g) => [...g.candidates].sort())).toEqual(cases.map(([, want]) => [...want].sort()))
      // `--flag=value` replies drop the part bash already split off at '='.
      const eq = await complete(['kctl get --output=y'], withPackage)
      expect(eq[0].candidates).toEqual(['yaml'])
      // Values ending in '=' keep the cursor on the word.
      const jp = await complete(['kctl get -o jsonpath'], withPackage)
      expect(jp[0]).toEqual({candidates: ['jsonpath=', 'jsonpath-as-json=', 'jsonpath-file='], compopt: '-o nospace', stderr: ''})
    }, 120_000)

    test('resource types and names per type, TYPE/NAME forms', async () => {
      const cases: [string, string[]][] = [
        ['kctl get ', w.types],
        ['kctl get po', w.types.filter((t) => t.startsWith('po'))],
        ['kctl describe ', w.types],
        ['kctl get pods ', w.pods],
        ['kctl get pod mu', ['multi']],
        ['kctl get deployments ', w.deployments],
        ['kctl get deploy w', w.deployments],
        ['kctl describe deployment ', w.deployments],
        ['kctl delete pods ', w.pods],
        ['kctl get deployment/', w.deployments.map((n) => `deployment/${n}`)],
        ['kctl describe deploy/wor', ['deploy/worker']],
        ['kctl scale deploy ', w.deployments],
        ['kctl scale --replicas=3 deployment ', w.deployments],
        ['kctl expose deployment ', w.deployments],
        ['kctl get nodes ', w.nodes],
        ['kctl get namespaces ', w.namespaces],
      ]
      const got = await complete(cases.map(([l]) => l), withPackage)
      expect(got.map((g) => g.candidates)).toEqual(cases.map(([, want]) => want))
      expect(got.map((g) => g.stderr).join('')).toBe('')
    }, 120_000)

    test('pods for logs/exec, nodes for cordon/uncordon/drain/taint, top pod|node', async () => {
      const cases: [string, string[]][] = [
        ['kctl logs ', w.pods],
        ['kctl exec ', w.pods],
        ['kctl exec -it ', w.pods],
        ['kctl attach ', w.pods],
        ['kctl cordon ', w.nodes],
        ['kctl uncordon ', w.nodes],
        ['kctl drain ', w.nodes],
        ['kctl drain --ignore-daemonsets ', w.nodes],
        ['kctl taint ', ['node', 'nodes']],
        ['kctl taint nodes ', w.nodes],
        ['kctl top ', ['node', 'pod']],
        ['kctl top pod ', w.pods],
        ['kctl top node ', w.nodes],
      ]
      const got = await complete(cases.map(([l]) => l), withPackage)
      expect(got.map((g) => g.candidates)).toEqual(cases.map(([, want]) => want))
    }, 120_000)

    test('-n → namespaces, --context → contexts, -c → containers, honouring -n and --context typed earlier', async () => {
      const cases: [string, string[]][] = [
        ['kctl get pods -n ', w.namespaces],
        ['kctl -n ', w.namespaces],
        ['kctl get pods --namespace ', w.namespaces],
        ['kctl get pods --namespace=o', ['other']],
        ['kctl get pods -n kube-', w.namespaces.filter((n) => n.startsWith('kube-'))],
        ['kctl --context ', w.contexts],
        ['kctl get pods --context=o', ['other-ctx']],
        ['kctl config use-context ', w.contexts],
        ['kctl get configmaps -n other ', w.otherConfigMaps],
        ['kctl -n other get cm ', w.otherConfigMaps],
        ['kctl get cm --namespace=other ', w.otherConfigMaps],
        ['kctl --context other-ctx get configmaps ', w.otherConfigMaps],
        ['kctl get configmaps --context=other-ctx ', w.otherConfigMaps],
        ['kctl --context other-ctx -n default get deployments ', w.deployments],
        ['kctl logs multi -c ', w.multiContainers],
        ['kctl exec multi -c ', w.multiContainers],
        ['kctl exec multi -c s', w.multiContainers.filter((c) => c.startsWith('s'))],
        ['kctl logs multi ', w.multiContainers],
      ]
      const got = await complete(cases.map(([l]) => l), withPackage)
      expect(got.map((g) => [...g.candidates].sort())).toEqual(cases.map(([, want]) => [...want].sort()))
    }, 120_000)

    test('-f and other file flags leave the word to filename completion; cp offers POD:', async () => {
      const got = await complete(['kctl apply -f ', 'kctl get --kubeconfig ', `kctl create -f ${w.filesDir}/`, 'kctl cp '], withPackage)
      expect(got[0]).toEqual({candidates: [], compopt: '-o default', stderr: ''})
      expect(got[1]).toEqual({candidates: [], compopt: '-o default', stderr: ''})
      expect(got[2]).toEqual({candidates: [], compopt: '-o default', stderr: ''})
      expect(got[3]).toEqual({candidates: w.pods.map((p) => `${p}:`), compopt: '-o nospace', stderr: ''})
    }, 120_000)

    test('static words (commands, flags, values, taint effects, file flags) start no kctl; live words start it once each', async () => {
      const logged = loggingKctl(w, `bash-${withPackage}`)
      const lines = ['kctl ', 'kctl create serv', 'kctl get --show-', 'kctl get -o ', 'kctl get --output=y', 'kctl run x --restart ', 'kctl taint nodes n1 a=b:No',
        'kctl apply -f ', 'kctl get deployments ', 'kctl -n oth']
      const got = await complete(lines, withPackage, {PATH: `${logged.dir}:${w.env.PATH}`, NODE_OPTIONS: '--no-warnings'})
      expect(got.slice(-2).map((g) => g.candidates)).toEqual([w.deployments, ['other']])
      expect(logged.read()).toEqual([
        '--no-warnings|__complete get deployments ',
        '--no-warnings|__complete -n oth',
      ])
    }, 120_000)

    test('words with no live values switch file completion off instead of offering files', async () => {
      const got = await complete(['kctl get pods -n kube-node-lease zz', 'kctl get pods nosuch'], withPackage)
      expect(got).toEqual([
        {candidates: [], compopt: '+o default', stderr: ''},
        {candidates: [], compopt: '+o default', stderr: ''},
      ])
    }, 120_000)
  })

  test('the script registers _kctl for kctl, with -o default (filenames when nothing else fits)', async () => {
    const r = await run(w, 'bash', ['--norc', '--noprofile', '-c', `source ${SCRIPT}; complete -p kctl`])
    expect(r).toEqual({stdout: 'complete -o default -F _kctl kctl\n', stderr: '', code: 0})
  })

  test('the script is what `kctl completion bash` prints', async () => {
    const r = await run(w, 'kctl', ['completion', 'bash'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(fs.readFileSync(SCRIPT, 'utf8'))
  })

  test('sourced through process substitution, as the .bashrc line does', async () => {
    const r = await run(w, 'bash', ['--norc', '--noprofile', '-c', 'source <(kctl completion bash); type -t _kctl; complete -p kctl'])
    expect(r).toEqual({stdout: 'function\ncomplete -o default -F _kctl kctl\n', stderr: '', code: 0})
  })
})
