// The kubelets against a small in-memory SandboxApi: nodes and leases register, a bound pod runs a real process,
// and the hooks serve logs, exec, attach, port connections and metrics; deletion is graceful.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {PassThrough} from 'node:stream'
import {startKubelets} from '../../src/sandbox/kubelet/index.js'
import {ApiError, type DeleteOptions, type GVR, type KObject, type KubeletHooks, type SandboxApi, type WatchEvent} from '../../src/sandbox/types.js'

/** Just enough of the API for kubelets: objects by key, watch fan-out, and graceful deletion left to the kubelet. */
class FakeApi implements Partial<SandboxApi> {
  objects = new Map<string, KObject>()
  watchers: {res: string; fn: (ev: WatchEvent) => void}[] = []
  events: {reason: string; message: string; name: string}[] = []
  deletes: {name: string; opts?: DeleteOptions}[] = []
  private rv = 1
  private uid = 1

  private key(gvr: GVR, ns: string | undefined, name: string): string {
    return `${gvr.resource}/${ns ?? ''}/${name}`
  }

  private notify(gvr: GVR, type: WatchEvent['type'], obj: KObject): void {
    for (const w of this.watchers) if (w.res === gvr.resource) w.fn({type, object: structuredClone(obj)})
  }

  tryGet(gvr: GVR, ns: string | undefined, name: string): KObject | undefined {
    const o = this.objects.get(this.key(gvr, ns, name))
    return o ? structuredClone(o) : undefined
  }

  get(gvr: GVR, ns: string | undefined, name: string): KObject {
    const o = this.tryGet(gvr, ns, name)
    if (!o) throw new ApiError(404, 'NotFound', `${gvr.resource} "${name}" not found`)
    return o
  }

  list(gvr: GVR): {items: KObject[]; resourceVersion: string} {
    return {items: [...this.objects.entries()].filter(([k]) => k.startsWith(gvr.resource + '/')).map(([, o]) => structuredClone(o)), resourceVersion: String(this.rv)}
  }

  create(gvr: GVR, obj: KObject): KObject {
    const o = structuredClone(obj)
    o.metadata.uid = `uid-${this.uid++}`
    o.metadata.resourceVersion = String(++this.rv)
    o.metadata.creationTimestamp = new Date().toISOString()
    this.objects.set(this.key(gvr, o.metadata.namespace, o.metadata.name!), o)
    this.notify(gvr, 'ADDED', o)
    return structuredClone(o)
  }

  mutate(gvr: GVR, ns: string | undefined, name: string, fn: (obj: KObject) => void | false): KObject | undefined {
    const o = this.tryGet(gvr, ns, name)
    if (!o) return undefined
    if (fn(o) === false) return o
    o.metadata.resourceVersion = String(++this.rv)
    this.objects.set(this.key(gvr, ns, name), o)
    this.notify(gvr, 'MODIFIED', o)
    return structuredClone(o)
  }

  delete(gvr: GVR, ns: string | undefined, name: string, opts?: DeleteOptions): KObject {
    const o = this.get(gvr, ns, name)
    this.deletes.push({name, opts})
    if (gvr.resource === 'pods' && (opts?.gracePeriodSeconds ?? 30) > 0) {
      return this.mutate(gvr, ns, name, p => {
        p.metadata.deletionTimestamp = new Date().toISOString()
        p.metadata.deletionGracePeriodSeconds = opts?.gracePeriodSeconds ?? 30
      })!
    }
    this.objects.delete(this.key(gvr, ns, name))
    this.notify(gvr, 'DELETED', o)
    return o
  }

  watch(gvr: GVR, _opts: unknown, fn: (ev: WatchEvent) => void): () => void {
    const w = {res: gvr.resource, fn}
    this.watchers.push(w)
    return () => (this.watchers = this.watchers.filter(x => x !== w))
  }

  recordEvent(involved: KObject, _type: string, reason: string, message: string): void {
    this.events.push({reason, message, name: involved.metadata.name!})
  }
}

const PODS = {group: '', version: 'v1', resource: 'pods'}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-kubelet-unit-'))
const api = new FakeApi()
let kubelets: KubeletHooks & {stop(): Promise<void>; isolation: string}

async function until(what: string, fn: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(r => setTimeout(r, 50))
  }
}

function pod(name: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}): KObject {
  return api.create(PODS, {apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default'}, spec: {nodeName: 'kctl-sandbox-worker', containers: [container], ...extra}})
}

const status = (name: string) => api.tryGet(PODS, 'default', name)?.status

async function readAll(s: NodeJS.ReadableStream | null): Promise<string> {
  if (!s) return ''
  let out = ''
  for await (const c of s) out += c
  return out
}

beforeAll(async () => {
  kubelets = await startKubelets(api as unknown as SandboxApi, {dataDir, nodes: 2, version: 'v1.33.1', log: () => {}})
})

afterAll(async () => {
  await kubelets?.stop()
  fs.rmSync(dataDir, {recursive: true, force: true})
})

describe('kubelets', () => {
  test('register nodes and leases', () => {
    expect(['bubblewrap', 'process']).toContain(kubelets.isolation)
    expect(api.list({group: '', version: 'v1', resource: 'nodes'}).items.map(n => n.metadata.name)).toEqual(['kctl-sandbox-control-plane', 'kctl-sandbox-worker'])
    const leases = api.list({group: 'coordination.k8s.io', version: 'v1', resource: 'leases'}).items
    expect(leases.map(l => [l.metadata.namespace, l.metadata.name, l.spec.holderIdentity])).toEqual([
      ['kube-node-lease', 'kctl-sandbox-control-plane', 'kctl-sandbox-control-plane'],
      ['kube-node-lease', 'kctl-sandbox-worker', 'kctl-sandbox-worker'],
    ])
  })

  test('a busybox pod runs its command to completion and keeps its log', async () => {
    const p = pod('once', {name: 'c', image: 'busybox', command: ['sh', '-c', 'echo hello; echo oops >&2; exit 0']}, {restartPolicy: 'Never'})
    await until('Succeeded', () => status('once')?.phase === 'Succeeded')
    const st = status('once')!
    expect(st.containerStatuses[0].state.terminated).toMatchObject({exitCode: 0, reason: 'Completed'})
    expect(st.podIP).toBe('10.244.1.2')
    expect(st.hostIP).toBe('172.18.0.3')
    const out = new PassThrough()
    const text = readAll(out)
    await kubelets.streamLogs({...p, status: st}, {container: 'c'}, out, new AbortController().signal)
    out.end()
    expect(await text).toBe('hello\noops\n')
    expect(api.events.filter(e => e.name === 'once').map(e => e.reason)).toEqual(['Pulling', 'Pulled', 'Created', 'Started'])
  })

  test('nginx serves its page, exec runs in its filesystem, and deletion is graceful', async () => {
    const p = pod('web', {name: 'web', image: 'nginx', ports: [{containerPort: 80}]})
    await until('Ready', () => status('web')?.containerStatuses?.[0]?.ready === true)
    const ls = kubelets.exec(p, 'web', ['ls', '/usr/share/nginx/html'], false)
    ls.stdin?.end()
    const [lsOut, lsCode] = await Promise.all([readAll(ls.stdout), ls.exited])
    expect([lsOut, lsCode]).toEqual(['50x.html\nindex.html\n', 0])
    const fail = kubelets.exec(p, 'web', ['sh', '-c', 'exit 3'], false)
    fail.stdin?.end()
    fail.stdout.resume()
    expect(await fail.exited).toBe(3)
    const sock = await kubelets.connect(p, 80)
    sock.write('GET / HTTP/1.0\r\n\r\n')
    const page = await readAll(sock)
    expect(page.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
    expect(page).toContain('<h1>Welcome to nginx!</h1>')
    expect(kubelets.podMetrics('default').map(m => [m.metadata.name, m.containers.map((c: KObject) => c.name)])).toEqual([['web', ['web']]])
    expect(kubelets.nodeMetrics().map(m => m.metadata.name)).toEqual(['kctl-sandbox-control-plane', 'kctl-sandbox-worker'])
    api.delete(PODS, 'default', 'web', {gracePeriodSeconds: 30})
    await until('deleted', () => !api.tryGet(PODS, 'default', 'web'))
    expect(api.deletes.filter(d => d.name === 'web').map(d => d.opts?.gracePeriodSeconds)).toEqual([30, 0])
    expect(api.events.filter(e => e.name === 'web' && e.reason === 'Killing').map(e => e.message)).toEqual(['Stopping container web'])
  }, 30_000)

  test('attach replays a stdinOnce container and feeds its stdin', async () => {
    const p = pod('att', {name: 'att', image: 'busybox', command: ['sh', '-c', 'echo ready; read line; echo got $line'], stdin: true, stdinOnce: true}, {restartPolicy: 'Never'})
    await until('running', () => status('att')?.containerStatuses?.[0]?.state?.running !== undefined)
    const a = kubelets.attach(p, 'att', false)
    const out = readAll(a.stdout)
    a.stdin!.write('abc\n')
    a.stdin!.end()
    expect(await a.exited).toBe(0)
    expect(await out).toBe('ready\ngot abc\n')
    await until('Succeeded', () => status('att')?.phase === 'Succeeded')
  })

  test('logs of a container that has not started are refused with its waiting reason', async () => {
    const p = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'ghost', namespace: 'default', uid: 'nope'}, spec: {nodeName: 'kctl-sandbox-worker', containers: [{name: 'g', image: 'busybox'}]}}
    await expect(kubelets.streamLogs(p, {container: 'g'}, new PassThrough(), new AbortController().signal)).rejects.toThrow('container "g" in pod "ghost" is waiting to start: ContainerCreating')
    const unscheduled = {...p, spec: {containers: p.spec.containers}}
    await expect(kubelets.streamLogs(unscheduled, {container: 'g'}, new PassThrough(), new AbortController().signal)).rejects.toThrow('pod ghost does not have a host assigned')
    await expect(kubelets.streamLogs(p, {container: 'x'}, new PassThrough(), new AbortController().signal)).rejects.toThrow('container x is not valid for pod ghost')
  })
})
