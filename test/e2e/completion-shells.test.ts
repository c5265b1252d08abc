// Completion in real interactive shells against a sandbox: bash and zsh driven by TAB keystrokes in tmux, fish through
// `complete -C`, and `kctl __complete` with the server down or silent (it must answer quickly and print no error).
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as path from 'node:path'
import {ROOT, requireKubectl} from '../helpers/cli.js'
import {completionWorld, loggingKctl, longFlags, requireTool, run, subcommands, topLevelWords, type CompletionWorld} from './completion-fixture.js'

const HAVE = requireKubectl('shell completion e2e')
const d = HAVE ? describe : describe.skip

/** One tmux server of our own (its own socket), one window running a shell. */
class Tmux {
  private socket = `kctl-compl-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  constructor(private env: NodeJS.ProcessEnv) {}

  private tmux(args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: this.env})
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`)
    return r.stdout
  }

  start(shell: string[]): void {
    const envArgs = Object.entries(this.env).map(([k, v]) => `${k}=${v}`)
    this.tmux(['new-session', '-d', '-s', 't', '-x', '220', '-y', '50', 'env', '-i', ...envArgs, ...shell])
  }

  /** Types text; words like Tab, Enter, C-c are sent as keys. */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 't', ...keys])
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', 't'])
  }

  /** Waits until the screen satisfies a predicate; returns the screen either way. */
  async waitFor(pred: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const end = Date.now() + timeoutMs
    let s = this.screen()
    while (!pred(s) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 150))
      s = this.screen()
    }
    return s
  }

  /** Runs a set-up line and waits until it has finished (an interrupt while sourcing would abort it). */
  async setup(line: string): Promise<void> {
    this.keys(`${line}; echo SETUP-DONE`, 'Enter')
    const s = await this.waitFor((x) => x.split('\n').some((l) => l.trim() === 'SETUP-DONE'), 30_000)
    if (!s.split('\n').some((l) => l.trim() === 'SETUP-DONE')) throw new Error(`shell set-up did not finish:\n${s}`)
  }

  /** Clears the current line and the screen, then waits for a fresh prompt. */
  async reset(): Promise<void> {
    this.keys('C-c')
    this.keys('clear', 'Enter')
    await this.waitFor((s) => s.trim() === '$')
  }

  stop(): void {
    try {
      this.tmux(['kill-server'])
    } catch {
      // already gone
    }
  }
}

/** The line holding the prompt and what was typed so far (the last `$ ` line on screen). */
function promptLine(screen: string): string {
  const lines = screen.split('\n').filter((l) => l.startsWith('$ '))
  return lines.length ? lines[lines.length - 1].trimEnd() : ''
}

d('completion in real shells', () => {
  let w: CompletionWorld
  beforeAll(async () => {
    w = await completionWorld()
  }, 180_000)
  afterAll(async () => {
    await w?.stop()
  })

  describe('bash with real TAB keystrokes (tmux)', () => {
    let tm: Tmux | undefined
    afterAll(() => tm?.stop())

    test('TAB completes commands, names, files; TAB TAB lists candidates', async () => {
      if (!requireTool('tmux', 'bash TAB test')) return
      tm = new Tmux({...w.env, PS1: '$ '})
      tm.start(['bash', '--norc', '--noprofile'])
      await tm.setup(`source ${path.join(ROOT, 'completions', 'kctl.bash')}`)
      await tm.reset()

      tm.keys('kctl ver', 'Tab')
      expect(promptLine(await tm.waitFor((s) => promptLine(s) === '$ kctl version'))).toBe('$ kctl version')
      await tm.reset()

      // Several types start with 'pod': the first TAB rings the bell, the second lists them all.
      const po = w.types.filter((t) => t.startsWith('pod'))
      tm.keys('kctl get pod', 'Tab', 'Tab')
      const listed = await tm.waitFor((s) => po.every((t) => s.includes(t)))
      const shown = listed.split('\n').filter((l) => !l.startsWith('$ ')).flatMap((l) => l.trim().split(/\s+/)).filter(Boolean)
      expect(shown.sort()).toEqual([...po].sort())
      expect(promptLine(listed)).toBe('$ kctl get pod')
      await tm.reset()

      tm.keys('kctl get deployments wor', 'Tab')
      expect(promptLine(await tm.waitFor((s) => promptLine(s) === '$ kctl get deployments worker'))).toBe('$ kctl get deployments worker')
      await tm.reset()

      tm.keys('kctl -n oth', 'Tab')
      expect(promptLine(await tm.waitFor((s) => promptLine(s) === '$ kctl -n other'))).toBe('$ kctl -n other')
      await tm.reset()

      tm.keys('kctl get pods --namespace=oth', 'Tab')
      expect(promptLine(await tm.waitFor((s) => promptLine(s) === '$ kctl get pods --namespace=other'))).toBe('$ kctl get pods --namespace=other')
      await tm.reset()

      tm.keys(`kctl apply -f ${w.filesDir}/ma`, 'Tab')
      const file = `$ kctl apply -f ${w.filesDir}/manifest.yaml`
      expect(promptLine(await tm.waitFor((s) => promptLine(s) === file))).toBe(file)
      await tm.reset()

      tm.keys('kctl get -o jsonpath-f', 'Tab')
      expect(promptLine(await tm.waitFor((s) => promptLine(s) === '$ kctl get -o jsonpath-file='))).toBe('$ kctl get -o jsonpath-file=')
      await tm.reset()
    }, 120_000)
  })

  describe('zsh (zsh -f, compinit, TAB in tmux)', () => {
    let tm: Tmux | undefined
    afterAll(() => tm?.stop())

    test('TAB completes commands, subcommands, flag values, names and namespaces; only live words start kctl', async () => {
      if (!requireTool('tmux', 'zsh TAB test') || !requireTool('zsh', 'zsh TAB test')) return
      const logged = loggingKctl(w, 'zsh')
      // A user NODE_OPTIONS of their own reaches kctl __complete untouched.
      tm = new Tmux({...w.env, PATH: `${logged.dir}:${w.env.PATH}`, NODE_OPTIONS: '--no-warnings', PS1: '$ '})
      tm.start(['zsh', '-f'])
      await tm.setup(`PROMPT='$ '; autoload -U compinit && compinit -u && source ${path.join(ROOT, 'completions', 'kctl.zsh')}`)
      await tm.reset()
      const live = (words: string) => `--no-warnings|__complete ${words}`
      // [typed, screen after TAB, the kctl start it causes (none for words the script completes alone)]
      const cases: [string, string, string?][] = [
        ['kctl ver', '$ kctl version'],
        ['kctl create serv', '$ kctl create service'],
        ['kctl config use-', '$ kctl config use-context'],
        ['kctl get -o ya', '$ kctl get -o yaml'],
        ['kctl get --show-l', '$ kctl get --show-labels'],
        ['kctl expose deployment web --type Node', '$ kctl expose deployment web --type NodePort'],
        ['kctl get -o=jsonpath-f', '$ kctl get -o=jsonpath-file='],
        ['kctl taint nodes kctl-sandbox-worker dedicated=gpu:NoE', '$ kctl taint nodes kctl-sandbox-worker dedicated=gpu:NoExecute'],
        ['kctl get deployments wor', '$ kctl get deployments worker', live('get deployments wor')],
        ['kctl get configmaps -n other cm-o', '$ kctl get configmaps -n other cm-one', live('get configmaps -n other cm-o')],
        ['kctl --context other-ctx get configmaps cm-t', '$ kctl --context other-ctx get configmaps cm-two', live('--context other-ctx get configmaps cm-t')],
        ['kctl -n oth', '$ kctl -n other', live('-n oth')],
        ['kctl logs multi -c si', '$ kctl logs multi -c sidecar', live('logs multi -c si')],
        ['kctl get pods --namespace=oth', '$ kctl get pods --namespace=other', live('get pods --namespace=oth')],
        [`kctl apply -f ${w.filesDir}/ma`, `$ kctl apply -f ${w.filesDir}/manifest.yaml`],
      ]
      const got: string[] = []
      for (const [typed, want] of cases) {
        tm.keys(typed, 'Tab')
        got.push(promptLine(await tm.waitFor((s) => promptLine(s) === want)))
        await tm.reset()
      }
      expect(got).toEqual(cases.map(([, want]) => want))
      expect(logged.read()).toEqual(cases.flatMap(([, , call]) => (call ? [call] : [])))
    }, 400_000)
  })

  describe('fish (complete -C)', () => {
    /** Candidates (without descriptions) fish offers for a command line. */
    async function fishComplete(lines: string[], env: NodeJS.ProcessEnv = {}): Promise<string[][]> {
      const script = [`source ${path.join(ROOT, 'completions', 'kctl.fish')}`, ...lines.map((l) => `complete -C ${JSON.stringify(l)}; echo '<end>'`)].join('\n')
      const r = await run({...w, env: {...w.env, ...env}}, 'fish', ['--no-config', '-c', script], {timeoutMs: 120_000})
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const blocks = r.stdout.split('<end>\n').slice(0, -1)
      expect(blocks.length).toBe(lines.length)
      return blocks.map((b) => b.split('\n').filter(Boolean).map((l) => l.split('\t')[0]))
    }

    test('commands, subcommands, flags and enumerated values', async () => {
      if (!requireTool('fish', 'fish completion test')) return
      const cases: [string, string[]][] = [
        ['kctl ', topLevelWords()],
        ['kctl ver', ['version']],
        ['kctl create ', subcommands('create')],
        ['kctl create service ', subcommands('create:service')],
        ['kctl get --sh', longFlags('get').filter((f) => f.startsWith('--sh'))],
        ['kctl expose deployment web --type ', ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']],
        ['kctl run x --restart ', ['Always', 'Never', 'OnFailure']],
        ['kctl get -o ya', ['yaml']],
        ['kctl get --output=y', ['--output=yaml']],
        ['kctl taint nodes kctl-sandbox-worker dedicated=gpu:No', ['dedicated=gpu:NoExecute', 'dedicated=gpu:NoSchedule']],
        [`kctl apply -f ${w.filesDir}/ma`, [`${w.filesDir}/manifest.yaml`]],
      ]
      const got = await fishComplete(cases.map(([l]) => l))
      expect(got.map((g) => [...g].sort())).toEqual(cases.map(([, want]) => [...want].sort()))
    }, 120_000)

    test('static words start no kctl; a live word starts kctl __complete once', async () => {
      if (!requireTool('fish', 'fish completion test')) return
      const logged = loggingKctl(w, 'fish')
      const got = await fishComplete(['kctl get --show-l', 'kctl get -o ya', 'kctl create serv', 'kctl get deployments wor'], {PATH: `${logged.dir}:${w.env.PATH}`})
      expect(got).toEqual([['--show-labels'], ['yaml'], ['service'], ['worker']])
      expect(logged.read()).toEqual(['unset|__complete get deployments wor'])
    }, 120_000)

    test('live names, namespaces, contexts, containers, honouring -n and --context', async () => {
      if (!requireTool('fish', 'fish completion test')) return
      const cases: [string, string[]][] = [
        ['kctl get ', w.types],
        ['kctl get deployments ', w.deployments],
        ['kctl get pods ', w.pods],
        ['kctl drain ', w.nodes],
        ['kctl get pods -n ', w.namespaces],
        ['kctl get pods --namespace=o', ['--namespace=other']],
        ['kctl --context ', w.contexts],
        ['kctl get configmaps -n other ', w.otherConfigMaps],
        ['kctl --context other-ctx get configmaps ', w.otherConfigMaps],
        ['kctl logs multi -c ', w.multiContainers],
        ['kctl cp mu', ['multi:']],
      ]
      const got = await fishComplete(cases.map(([l]) => l))
      expect(got.map((g) => [...g].sort())).toEqual(cases.map(([, want]) => [...want].sort()))
    }, 120_000)
  })

  describe('kctl __complete never hangs and never prints an error', () => {
    /** A kubeconfig whose only cluster is `server`. */
    function kubeconfigFor(server: string): string {
      const file = path.join(w.filesDir, `kc-${Math.random().toString(36).slice(2, 8)}`)
      fs.writeFileSync(file, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: abc}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
current-context: x
`)
      return file
    }

    test('server down: empty answer with :4, at once', async () => {
      const probe = net.createServer()
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
      const port = (probe.address() as net.AddressInfo).port
      await new Promise((r) => probe.close(r))
      const kc = kubeconfigFor(`https://127.0.0.1:${port}`)
      for (const words of [['get', 'pods', ''], ['get', ''], ['-n', ''], ['logs', 'x', '-c', '']]) {
        const r = await run(w, 'kctl', ['__complete', '--kubeconfig', kc, ...words], {timeoutMs: 5000})
        expect(r).toEqual({stdout: ':4\n', stderr: '', code: 0})
      }
    }, 60_000)

    test('server accepts but never answers: empty answer with :4 within the bound', async () => {
      const sockets: net.Socket[] = []
      const silent = net.createServer((s) => sockets.push(s))
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
      const kc = kubeconfigFor(`https://127.0.0.1:${(silent.address() as net.AddressInfo).port}`)
      try {
        // The 5 s kill is far above the 1.5 s bound: a hang shows as code 128, not as a flaky time comparison.
        const r = await run(w, 'kctl', ['__complete', '--kubeconfig', kc, 'get', 'pods', ''], {timeoutMs: 5000})
        expect(r).toEqual({stdout: ':4\n', stderr: '', code: 0})
      } finally {
        for (const s of sockets) s.destroy()
        await new Promise((r) => silent.close(r))
      }
    }, 60_000)

    test('broken kubeconfig and unknown types: empty answer, no error', async () => {
      const bad = path.join(w.filesDir, 'broken-kubeconfig')
      fs.writeFileSync(bad, 'this: [is not: a kubeconfig\n')
      expect(await run(w, 'kctl', ['__complete', '--kubeconfig', bad, 'get', 'pods', ''], {timeoutMs: 5000})).toEqual({stdout: ':4\n', stderr: '', code: 0})
      expect(await run(w, 'kctl', ['__complete', 'get', 'nosuchtype', ''], {timeoutMs: 5000})).toEqual({stdout: ':4\n', stderr: '', code: 0})
    }, 60_000)

    test('answers as kubectl does (cobra protocol) for a live word', async () => {
      const mine = await run(w, 'kctl', ['__complete', 'get', 'deployments', ''])
      const theirs = await run(w, 'kubectl', ['__complete', 'get', 'deployments', ''])
      expect(mine).toEqual({stdout: `${w.deployments.join('\n')}\n:4\n`, stderr: '', code: 0})
      expect(theirs.stdout).toBe(mine.stdout)
    }, 60_000)
  })
})
