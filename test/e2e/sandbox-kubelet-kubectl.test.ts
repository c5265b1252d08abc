// Real kubectl 1.33 and @kubernetes/client-node against a real sandbox: pods run real processes, and logs, exec,
// cp, port-forward (SPDY over WebSocket and plain SPDY), top, attach and NodePort services work end to end.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import {PassThrough} from 'node:stream'
import {type Sandbox, disposeSandbox, kubectlAvailable, newSandbox} from './sandbox-core-fixture.js'
import {until} from '../helpers/wait.js'

const HAVE_KUBECTL = kubectlAvailable()
const d = HAVE_KUBECTL ? describe : describe.skip
let sb: Sandbox
let tmp = ''

async function k(...args: string[]): Promise<string> {
  const r = await sb.kubectl(args)
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`)
  return r.stdout
}


function freePort(): Promise<number> {
  return new Promise(resolve => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

function httpGet(port: number, urlPath = '/'): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    http.get({host: '127.0.0.1', port, path: urlPath, agent: false}, res => {
      let body = ''
      res.on('data', c => (body += c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
    }).on('error', reject)
  })
}

const WELCOME_TITLE = '<title>Welcome to nginx!</title>'

async function runningPod(name: string, image: string, ...extra: string[]): Promise<void> {
  await k('run', name, '--image', image, ...extra)
  await until(`${name} ready`, async () => (await k('get', 'pod', name, '-o', 'jsonpath={.status.containerStatuses[0].ready}')) === 'true')
}

beforeAll(async () => {
  if (!HAVE_KUBECTL) return
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-kubelet-e2e-'))
  sb = newSandbox(['--nodes', '3'])
  await sb.start()
  await runningPod('web', 'nginx')
}, 120_000)

afterAll(async () => {
  await disposeSandbox(sb)
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true})
})

d('kubelet and streams with real kubectl', () => {
  test('nodes as kind registers them, with leases', async () => {
    const nodes = await k('get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.podCIDR} {.status.nodeInfo.kubeletVersion} {.status.conditions[3].type}={.status.conditions[3].status}{"\\n"}{end}')
    expect(nodes).toBe('kctl-sandbox-control-plane 10.244.0.0/24 v1.33.1 Ready=True\nkctl-sandbox-worker 10.244.1.0/24 v1.33.1 Ready=True\nkctl-sandbox-worker2 10.244.2.0/24 v1.33.1 Ready=True\n')
    const leases = await k('get', 'leases', '-n', 'kube-node-lease', '-o', 'jsonpath={.items[*].spec.holderIdentity}')
    expect(leases).toBe('kctl-sandbox-control-plane kctl-sandbox-worker kctl-sandbox-worker2')
  })

  test('a running pod reports kubelet status and events', async () => {
    const pod = JSON.parse(await k('get', 'pod', 'web', '-o', 'json'))
    expect(pod.status.phase).toBe('Running')
    expect(pod.status.conditions.map((c: {type: string; status: string}) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True'])
    expect(pod.status.podIP).toMatch(/^10\.244\.[12]\.\d+$/)
    expect(pod.status.containerStatuses[0]).toMatchObject({name: 'web', ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:latest'})
    expect(pod.status.containerStatuses[0].containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/)
    const events = JSON.parse(await k('get', 'events', '--field-selector', 'involvedObject.name=web', '-o', 'json')).items
    const msgs = events.filter((e: {source: {component: string}}) => e.source.component === 'kubelet').map((e: {reason: string; message: string}) => `${e.reason}: ${e.message.replace(/in [0-9.]+m?s \([0-9.]+m?s/, 'in X (X')}`)
    expect(msgs.sort()).toEqual([
      'Created: Created container: web',
      'Pulled: Successfully pulled image "nginx" in X (X including waiting). Image size: 72195292 bytes.',
      'Pulling: Pulling image "nginx"',
      'Started: Started container web',
    ])
  })

  test('logs show the nginx entrypoint, with --tail and --timestamps', async () => {
    const logs = await k('logs', 'web')
    expect(logs.split('\n').slice(0, 2)).toEqual([
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    ])
    const tail = await k('logs', 'web', '--tail=1', '--timestamps')
    expect(tail).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: start worker process 29\n$/)
    const r = await sb.kubectl(['logs', 'web', '-c', 'nope'])
    expect(r).toEqual({code: 1, stdout: '', stderr: 'error: container nope is not valid for pod web\n'})
  })

  test('logs --since and --since-time keep only the lines written after the cut', async () => {
    await runningPod('since', 'busybox', '--', 'sh', '-c', 'echo early; sleep 8; echo late; sleep 3600')
    let stamped = ''
    await until('the late line', async () => (stamped = await k('logs', 'since', '--timestamps')).endsWith(' late\n'), 60_000)
    expect(stamped).toMatch(/^\S+Z early\n\S+Z late\n$/)
    const [early, late] = stamped.split('\n', 2).map(l => Date.parse(l.split(' ')[0]))
    expect(late - early).toBeGreaterThanOrEqual(7_500)
    // A window counted back from now to 4 s before the late line: it holds that line unless kubectl takes over 4 s to
    // ask, and starts at most 5 s before it, so after the early line (8 s before), however late this poll noticed it.
    const since = Math.ceil((Date.now() - late) / 1000) + 4
    expect(await sb.kubectl(['logs', 'since', `--since=${since}s`])).toEqual({code: 0, stdout: 'late\n', stderr: ''})
    expect(await sb.kubectl(['logs', 'since', '--since=1h'])).toEqual({code: 0, stdout: 'early\nlate\n', stderr: ''})
    const rfc3339 = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
    expect(await sb.kubectl(['logs', 'since', `--since-time=${rfc3339(early + 2000)}`])).toEqual({code: 0, stdout: 'late\n', stderr: ''})
    expect(await sb.kubectl(['logs', 'since', `--since-time=${rfc3339(early - 1000)}`])).toEqual({code: 0, stdout: 'early\nlate\n', stderr: ''})
    await k('delete', 'pod', 'since', '--grace-period=0', '--force')
  }, 90_000)

  test('logs of a multi-container pod: -c picks the container, --all-containers prints each in turn', async () => {
    const manifest = `apiVersion: v1
kind: Pod
metadata: {name: multi}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: a, image: busybox, command: [sh, -c, 'echo from-a; sleep 3600']}
  - {name: b, image: busybox, command: [sh, -c, 'echo from-b; echo b-again; sleep 3600']}
`
    expect(await sb.kubectl(['create', '-f', '-'], {input: manifest})).toEqual({code: 0, stdout: 'pod/multi created\n', stderr: ''})
    await until('multi ready', async () => (await k('get', 'pod', 'multi', '-o', 'jsonpath={.status.containerStatuses[*].ready}')) === 'true true')
    await until('both containers logged', async () => (await k('logs', 'multi', '-c', 'b')) === 'from-b\nb-again\n')
    expect(await sb.kubectl(['logs', 'multi', '-c', 'a'])).toEqual({code: 0, stdout: 'from-a\n', stderr: ''})
    expect(await sb.kubectl(['logs', 'multi', '-c', 'b'])).toEqual({code: 0, stdout: 'from-b\nb-again\n', stderr: ''})
    expect(await sb.kubectl(['logs', 'multi'])).toEqual({code: 0, stdout: 'from-a\n', stderr: 'Defaulted container "a" out of: a, b\n'})
    // kubectl keeps its log requests in a Go map, so --all-containers prints each container's block in either order.
    const either = (a: string, b: string) => [a + b, b + a]
    const all = await sb.kubectl(['logs', 'multi', '--all-containers'])
    expect({...all, stdout: either('from-a\n', 'from-b\nb-again\n').includes(all.stdout) ? 'a, b in either order' : all.stdout}).toEqual({code: 0, stdout: 'a, b in either order', stderr: ''})
    const prefixed = await sb.kubectl(['logs', 'multi', '--all-containers', '--prefix'])
    expect({...prefixed, stdout: either('[pod/multi/a] from-a\n', '[pod/multi/b] from-b\n[pod/multi/b] b-again\n').includes(prefixed.stdout) ? 'a, b in either order' : prefixed.stdout})
      .toEqual({code: 0, stdout: 'a, b in either order', stderr: ''})
    expect(await sb.kubectl(['logs', 'multi', '-c', 'b', '--tail=1'])).toEqual({code: 0, stdout: 'b-again\n', stderr: ''})
    await k('delete', 'pod', 'multi', '--grace-period=0', '--force')
  }, 60_000)

  test('exec lists files, passes exit codes and stdin', async () => {
    expect(await sb.kubectl(['exec', 'web', '--', 'ls', '/usr/share/nginx/html'])).toEqual({code: 0, stdout: '50x.html\nindex.html\n', stderr: ''})
    expect(await sb.kubectl(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({code: 3, stdout: 'out\n', stderr: 'err\ncommand terminated with exit code 3\n'})
    expect(await sb.kubectl(['exec', '-i', 'web', '--', 'cat'], {input: 'hi\n'})).toEqual({code: 0, stdout: 'hi\n', stderr: ''})
  })

  test('cp copies a 10 MB file and a directory in and out byte-identical', async () => {
    const src = path.join(tmp, 'big.bin')
    fs.writeFileSync(src, randomBytes(10 * 1024 * 1024))
    await k('cp', src, 'web:/tmp/big.bin')
    const back = path.join(tmp, 'big.back')
    await k('cp', 'web:/tmp/big.bin', back)
    expect(fs.readFileSync(back).equals(fs.readFileSync(src))).toBe(true)
    const dir = path.join(tmp, 'dir')
    fs.mkdirSync(path.join(dir, 'sub', 'deeper'), {recursive: true})
    fs.mkdirSync(path.join(dir, 'empty'))
    fs.writeFileSync(path.join(dir, 'a'), 'A')
    fs.writeFileSync(path.join(dir, 'sub', 'b'), 'B\n')
    fs.writeFileSync(path.join(dir, 'sub', 'deeper', 'c.bin'), randomBytes(300_000))
    fs.writeFileSync(path.join(dir, 'sub', 'zero'), '')
    await k('cp', dir, 'web:/tmp/dir')
    expect((await k('exec', 'web', '--', 'find', '/tmp/dir', '-type', 'f')).split('\n').sort()).toEqual(['', '/tmp/dir/a', '/tmp/dir/sub/b', '/tmp/dir/sub/deeper/c.bin', '/tmp/dir/sub/zero'])
    const dirBack = path.join(tmp, 'dir.back')
    await k('cp', 'web:/tmp/dir', dirBack)
    // Every entry, directories included, with each file's bytes.
    const tree = (root: string) => Object.fromEntries((fs.readdirSync(root, {recursive: true}) as string[]).sort().map(rel => {
      const full = path.join(root, rel)
      return [rel, fs.statSync(full).isDirectory() ? 'dir' : fs.readFileSync(full).toString('base64')]
    }))
    const want = tree(dir)
    expect(Object.keys(want)).toEqual(['a', 'empty', 'sub', 'sub/b', 'sub/deeper', 'sub/deeper/c.bin', 'sub/zero'])
    expect(tree(dirBack)).toEqual(want)
  }, 60_000)

  for (const [label, env] of [['SPDY over WebSocket', {}], ['plain SPDY', {KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false'}]] as const) {
    test(`port-forward (${label}) reaches the nginx page`, async () => {
      const port = await freePort()
      const p = spawn('kubectl', ['port-forward', 'pod/web', `${port}:80`], {env: {...process.env, ...env, KUBECONFIG: sb.kubeconfig, HOME: sb.home}, stdio: ['ignore', 'pipe', 'pipe']})
      let out = ''
      p.stdout.on('data', c => (out += c))
      try {
        await until('port-forward listening', async () => out.includes('Forwarding from 127.0.0.1'), 15_000)
        for (let i = 0; i < 2; i++) {
          const res = await httpGet(port)
          expect(res.status).toBe(200)
          expect(res.body).toContain(WELCOME_TITLE)
        }
        expect(out).toBe(`Forwarding from 127.0.0.1:${port} -> 80\nForwarding from [::1]:${port} -> 80\nHandling connection for ${port}\nHandling connection for ${port}\n`)
      } finally {
        p.kill()
      }
    })
  }

  test('exec over plain SPDY keeps output and exit code', async () => {
    const r = await new Promise<{code: number; stdout: string; stderr: string}>(resolve => {
      const p = spawn('kubectl', ['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 5'], {env: {...process.env, KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECONFIG: sb.kubeconfig, HOME: sb.home}})
      let stdout = ''
      let stderr = ''
      p.stdout.on('data', c => (stdout += c))
      p.stderr.on('data', c => (stderr += c))
      p.on('close', code => resolve({code: code ?? -1, stdout, stderr}))
    })
    expect(r).toEqual({code: 5, stdout: 'out\n', stderr: 'err\ncommand terminated with exit code 5\n'})
  })

  test('run -i --rm prints the output and removes the pod', async () => {
    expect(await sb.kubectl(['run', '-i', '--rm', 't', '--image', 'busybox', '--restart=Never', '--', 'echo', 'hi'])).toEqual({code: 0, stdout: 'hi\npod "t" deleted\n', stderr: ''})
    const gone = await sb.kubectl(['get', 'pod', 't'])
    expect(gone.stderr).toBe('Error from server (NotFound): pods "t" not found\n')
  }, 60_000)

  test('restartPolicy Never ends Failed with the exit code; Always restarts into CrashLoopBackOff', async () => {
    await k('run', 'fail', '--image', 'busybox', '--restart=Never', '--', 'sh', '-c', 'echo bad; exit 4')
    await until('fail done', async () => (await k('get', 'pod', 'fail', '-o', 'jsonpath={.status.phase}')) === 'Failed')
    expect(await k('get', 'pod', 'fail', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.reason}')).toBe('4 Error')
    expect(await k('logs', 'fail')).toBe('bad\n')
    await k('run', 'loop', '--image', 'busybox', '--', 'sh', '-c', 'echo run; exit 1')
    await until('loop back-off', async () => (await k('get', 'pod', 'loop', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}')) === 'CrashLoopBackOff')
    expect(await k('get', 'pod', 'loop', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.exitCode}')).toBe('Running 1 1')
    expect(await k('logs', 'loop', '--previous')).toBe('run\n')
  }, 60_000)

  test('ConfigMap and Secret volumes: a file per key through ..data, items with modes, subPath; a missing ConfigMap holds the pod with FailedMount until it exists', async () => {
    await k('create', 'configmap', 'settings', '--from-literal=greeting=hello', '--from-literal=color=blue')
    await k('create', 'secret', 'generic', 'creds', '--from-literal=password=s3cr3t')
    const pod = (name: string, configMap: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: config, mountPath: /config}
    - {name: creds, mountPath: /creds}
    - {name: config, mountPath: /etc/greeting.txt, subPath: greeting}
  volumes:
  - {name: config, configMap: {name: ${configMap}}}
  - {name: creds, secret: {secretName: creds, items: [{key: password, path: app/pass, mode: 0400}]}}
`
    expect(await sb.kubectl(['create', '-f', '-'], {input: pod('mounts', 'settings')})).toEqual({code: 0, stdout: 'pod/mounts created\n', stderr: ''})
    await until('mounts ready', async () => (await k('get', 'pod', 'mounts', '-o', 'jsonpath={.status.containerStatuses[0].ready}')) === 'true')
    const sh = (script: string) => k('exec', 'mounts', '--', 'sh', '-c', script)
    expect(await sh('ls /config; cat /config/greeting; echo; readlink /config/greeting; cat /creds/app/pass; echo; stat -c %a /creds/..data/app/pass; cat /etc/greeting.txt'))
      .toBe('color\ngreeting\nhello\n..data/greeting\ns3cr3t\n400\nhello')

    expect(await sb.kubectl(['create', '-f', '-'], {input: pod('waits', 'later')})).toEqual({code: 0, stdout: 'pod/waits created\n', stderr: ''})
    // A range, not items[0]: kubectl's jsonpath fails on an index into the empty list the kubelet has not yet written to.
    const failedMount = async () => k('get', 'events', '--field-selector', 'involvedObject.name=waits,reason=FailedMount', '-o', 'jsonpath={range .items[*]}{.type} {.source.component}: {.message}{"\\n"}{end}')
    await until('FailedMount', async () => (await failedMount()) !== '')
    expect((await failedMount()).split('\n')[0]).toBe('Warning kubelet: MountVolume.SetUp failed for volume "config" : configmap "later" not found')
    expect(await k('get', 'pod', 'waits', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].state.waiting.reason}')).toBe('Pending ContainerCreating')
    await k('create', 'configmap', 'later', '--from-literal=greeting=later')
    await until('waits ready', async () => (await k('get', 'pod', 'waits', '-o', 'jsonpath={.status.containerStatuses[0].ready}')) === 'true', 30_000)
    expect(await k('exec', 'waits', '--', 'cat', '/etc/greeting.txt')).toBe('later')
  }, 90_000)

  test('a ConfigMap volume follows updates (a subPath mount keeps its file); a missing env reference holds the container in CreateContainerConfigError', async () => {
    await k('create', 'configmap', 'live', '--from-literal=a=1', '--from-literal=b=2')
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: live}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox
    command: [sh, -c, 'echo "$GREETING $PASSWORD $MAYBE."; sleep 3600']
    env:
    - {name: GREETING, valueFrom: {configMapKeyRef: {name: live, key: greeting}}}
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: live-creds, key: password}}}
    - {name: MAYBE, valueFrom: {configMapKeyRef: {name: nowhere, key: x, optional: true}}}
    volumeMounts:
    - {name: config, mountPath: /config}
    - {name: config, mountPath: /pinned, subPath: a}
  volumes:
  - {name: config, configMap: {name: live}}
`
    expect(await sb.kubectl(['create', '-f', '-'], {input: pod})).toEqual({code: 0, stdout: 'pod/live created\n', stderr: ''})
    const waiting = () => k('get', 'pod', 'live', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].state.waiting.reason}: {.status.containerStatuses[0].state.waiting.message}')
    await until('the missing key reported', async () => (await waiting()) === "Pending CreateContainerConfigError: couldn't find key greeting in ConfigMap default/live")
    // Unique lines: a slow run may see kubelet repeat a message on a later sync.
    const failed = async () => [...new Set((await k('get', 'events', '--field-selector', 'involvedObject.name=live,reason=Failed', '-o', 'jsonpath={range .items[*]}{.type} {.source.component}: {.message}{"\\n"}{end}')).split('\n').filter(Boolean))]
    expect(await failed()).toEqual(["Warning kubelet: Error: couldn't find key greeting in ConfigMap default/live"])
    await k('patch', 'configmap', 'live', '-p', '{"data":{"greeting":"hello"}}')
    await until('the missing Secret reported', async () => (await waiting()) === 'Pending CreateContainerConfigError: secret "live-creds" not found')
    await k('create', 'secret', 'generic', 'live-creds', '--from-literal=password=pw')
    await until('live ready', async () => (await k('get', 'pod', 'live', '-o', 'jsonpath={.status.containerStatuses[0].ready}')) === 'true', 30_000)
    // The optional reference to a missing ConfigMap is left out, as kubelet does; the Secret's value never reaches an event.
    expect(await k('logs', 'live')).toBe('hello pw .\n')
    expect(await failed()).toEqual(["Warning kubelet: Error: couldn't find key greeting in ConfigMap default/live", 'Warning kubelet: Error: secret "live-creds" not found'])

    const sh = (script: string) => k('exec', 'live', '--', 'sh', '-c', script)
    expect(await sh('ls /config; cat /config/a /pinned')).toBe('a\nb\ngreeting\n11')
    await k('patch', 'configmap', 'live', '--type', 'merge', '-p', '{"data":{"a":"changed","b":null,"c":"3"}}')
    await until('the volume updated', async () => (await sh('ls /config | tr "\\n" " "; cat /config/a')) === 'a c greeting changed')
    expect(await sh('cat /config/c /pinned; echo; readlink /config/..data | grep -c "^\\.\\.20"')).toBe('31\n1\n')
    // A deleted ConfigMap leaves the files as they were.
    await k('delete', 'configmap', 'live')
    await new Promise((r) => setTimeout(r, 500))
    expect(await sh('cat /config/a /pinned')).toBe('changed1')
  }, 90_000)

  test('top node and top pod', async () => {
    const nodes = await k('top', 'node')
    const lines = nodes.trimEnd().split('\n')
    expect(lines[0]).toBe('NAME                         CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ')
    expect(lines.slice(1).map(l => l.split(/\s+/)[0])).toEqual(['kctl-sandbox-control-plane', 'kctl-sandbox-worker', 'kctl-sandbox-worker2'])
    const pods = await k('top', 'pod', 'web')
    expect(pods).toMatch(/^NAME   CPU\(cores\)   MEMORY\(bytes\)   \nweb    \d+m +\d+Mi +\n$/)
  })

  test('logs -f follows until the pod is deleted, after a graceful stop', async () => {
    await runningPod('follow', 'nginx')
    const p = spawn('kubectl', ['logs', '-f', 'follow'], {env: {...process.env, KUBECONFIG: sb.kubeconfig, HOME: sb.home}})
    let out = ''
    p.stdout.on('data', c => (out += c))
    const exited = new Promise<number>(r => p.on('close', code => r(code ?? -1)))
    await until('follow started', async () => out.includes('start worker process'))
    await k('delete', 'pod', 'follow')
    expect(await exited).toBe(0)
    expect(out.trimEnd().split('\n').slice(-2).map(l => l.replace(/^\S+ \S+ /, ''))).toEqual(['[notice] 1#1: worker process 29 exited with code 0', '[notice] 1#1: exit'])
    const killing = JSON.parse(await k('get', 'events', '--field-selector', 'involvedObject.name=follow,reason=Killing', '-o', 'json')).items
    expect(killing.map((e: {message: string}) => e.message)).toEqual(['Stopping container follow'])
  }, 60_000)

  test('a NodePort service answers on 127.0.0.1:<nodePort>', async () => {
    await k('create', 'deployment', 'np', '--image', 'nginx')
    await until('np ready', async () => (await k('get', 'deployment', 'np', '-o', 'jsonpath={.status.readyReplicas}')) === '1')
    await k('expose', 'deployment', 'np', '--type=NodePort', '--port', '80')
    const nodePort = Number(await k('get', 'svc', 'np', '-o', 'jsonpath={.spec.ports[0].nodePort}'))
    let res: {status: number; body: string} | undefined
    await until('nodePort answers', async () => {
      res = await httpGet(nodePort).catch(() => undefined)
      return !!res
    })
    expect(res!.status).toBe(200)
    expect(res!.body).toContain(WELCOME_TITLE)
  }, 60_000)
})

d('client-node speaks v4 exec and WebSocket port-forward', () => {
  test('Exec returns output and the exit status', async () => {
    const {KubeConfig, Exec} = await import('@kubernetes/client-node')
    const kc = new KubeConfig()
    kc.loadFromFile(sb.kubeconfig)
    const out = new PassThrough()
    let text = ''
    out.on('data', c => (text += c))
    const status = await new Promise<{status?: string; details?: {causes?: {message?: string}[]}}>((resolve, reject) => {
      new Exec(kc).exec('default', 'web', 'web', ['sh', '-c', 'echo from-client-node; exit 6'], out, null, null, false, s => resolve(s as never)).catch(reject)
    })
    expect(text).toBe('from-client-node\n')
    expect(status.status).toBe('Failure')
    expect(status.details?.causes?.[0].message).toBe('6')
  })

  test('PortForward carries an HTTP request', async () => {
    const {KubeConfig, PortForward} = await import('@kubernetes/client-node')
    const kc = new KubeConfig()
    kc.loadFromFile(sb.kubeconfig)
    const server = net.createServer(sock => {
      void new PortForward(kc).portForward('default', 'web', [80], sock, null, sock)
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()))
    try {
      const res = await httpGet((server.address() as net.AddressInfo).port)
      expect(res.status).toBe(200)
      expect(res.body).toContain(WELCOME_TITLE)
    } finally {
      server.close()
    }
  })
})
