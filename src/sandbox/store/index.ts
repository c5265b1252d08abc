// Durable object store: SQLite (WAL) behind an in-memory cache of parsed objects.
// One global resourceVersion counter; every write is committed before it is acknowledged to the caller.
import {createRequire} from 'node:module'
import type {KObject} from '../types.js'

const require = createRequire(import.meta.url)

/** One change as recorded in the watch history. */
export interface StoreEvent {
  rv: number
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  group: string
  resource: string
  namespace: string
  name: string
  object: KObject
}

/** Thrown by Store.history when the requested resourceVersion is older than the retained history. */
export class TooOldError extends Error {}

interface Entry {
  rv: number
  obj: KObject
}

/** Options for opening a store. */
export interface StoreOptions {
  /** How many change records to keep for watch resume (older ones are compacted). */
  historyLimit?: number
}

/** Builds the map key of a type. */
export function typeKey(group: string, resource: string): string {
  return `${group}/${resource}`
}

/** Builds the map key of one object inside its type. */
export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`
}

/** The durable store; all reads come from memory, all writes go through SQLite first. */
export class Store {
  private db: any
  private types = new Map<string, Map<string, Entry>>()
  private events: StoreEvent[] = []
  private rv = 0
  private compactedRv = 0
  private listeners = new Set<(ev: StoreEvent) => void>()
  private readonly historyLimit: number
  private stmts: Record<string, any> = {}
  private writesSinceCompact = 0
  private queue: StoreEvent[] = []
  private dispatching = false

  constructor(file: string, opts: StoreOptions = {}) {
    this.historyLimit = opts.historyLimit ?? 10000
    const Database = require('better-sqlite3')
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    // In WAL mode a commit reaches the OS before the write is acknowledged, so a killed sandbox (kill -9) loses nothing;
    // only a machine crash could drop the last commits. FULL would fsync every write (~20 ms each here), which made a
    // burst of 200 pods take most of a minute. KCTL_SANDBOX_FSYNC=1 restores power-loss durability.
    this.db.pragma(process.env.KCTL_SANDBOX_FSYNC === '1' ? 'synchronous = FULL' : 'synchronous = NORMAL')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS objects (grp TEXT NOT NULL, resource TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
        rv INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (grp, resource, ns, name));
      CREATE TABLE IF NOT EXISTS history (rv INTEGER PRIMARY KEY, type TEXT NOT NULL, grp TEXT NOT NULL, resource TEXT NOT NULL,
        ns TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `)
    this.stmts.upsert = this.db.prepare('INSERT OR REPLACE INTO objects (grp, resource, ns, name, rv, data) VALUES (?, ?, ?, ?, ?, ?)')
    this.stmts.del = this.db.prepare('DELETE FROM objects WHERE grp = ? AND resource = ? AND ns = ? AND name = ?')
    this.stmts.hist = this.db.prepare('INSERT INTO history (rv, type, grp, resource, ns, name, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
    this.stmts.setMeta = this.db.prepare('INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)')
    this.stmts.compact = this.db.prepare('DELETE FROM history WHERE rv <= ?')
    this.load()
  }

  private load(): void {
    const metaRows = this.db.prepare('SELECT k, v FROM meta').all() as {k: string; v: string}[]
    const meta = new Map(metaRows.map((r) => [r.k, r.v]))
    this.rv = Number(meta.get('rv') ?? 0)
    this.compactedRv = Number(meta.get('compacted') ?? 0)
    for (const row of this.db.prepare('SELECT grp, resource, ns, name, rv, data FROM objects').iterate() as Iterable<any>) {
      this.bucket(row.grp, row.resource).set(`${row.ns}/${row.name}`, {rv: row.rv, obj: JSON.parse(row.data)})
      if (row.rv > this.rv) this.rv = row.rv
    }
    // history objects are parsed only when a watch replays them: a restart does not pay for the whole history
    for (const row of this.db.prepare('SELECT rv, type, grp, resource, ns, name, data FROM history ORDER BY rv').iterate() as Iterable<any>) {
      const ev = {rv: row.rv, type: row.type, group: row.grp, resource: row.resource, namespace: row.ns, name: row.name} as StoreEvent
      let raw: string | undefined = row.data
      let parsed: KObject | undefined
      Object.defineProperty(ev, 'object', {
        enumerable: true,
        get: () => {
          if (raw !== undefined) {
            parsed = JSON.parse(raw)
            raw = undefined
          }
          return parsed
        },
      })
      this.events.push(ev)
      if (row.rv > this.rv) this.rv = row.rv
    }
    if (this.events.length > 0 && this.events[0].rv - 1 > this.compactedRv) this.compactedRv = this.events[0].rv - 1
  }

  private bucket(group: string, resource: string): Map<string, Entry> {
    const k = typeKey(group, resource)
    let m = this.types.get(k)
    if (!m) {
      m = new Map()
      this.types.set(k, m)
    }
    return m
  }

  /** The current global resourceVersion. */
  currentRv(): number {
    return this.rv
  }

  /** The highest resourceVersion no longer available in the history. */
  oldestRv(): number {
    return this.compactedRv
  }

  /** The stored object (shared, not a copy: callers must not mutate it). */
  peek(group: string, resource: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.types.get(typeKey(group, resource))?.get(objectKey(namespace, name))?.obj
  }

  /** All stored objects of one type, optionally in one namespace (shared, not copies), sorted by namespace/name. */
  peekAll(group: string, resource: string, namespace?: string): KObject[] {
    const m = this.types.get(typeKey(group, resource))
    if (!m) return []
    const keys = [...m.keys()]
    const prefix = namespace === undefined ? undefined : `${namespace}/`
    const selected = prefix === undefined ? keys : keys.filter((k) => k.startsWith(prefix))
    selected.sort()
    return selected.map((k) => m.get(k)!.obj)
  }

  /** Every type key that has objects. */
  typeKeys(): string[] {
    return [...this.types.keys()]
  }

  /**
   * Writes one object (create or update). Assigns the next resourceVersion into obj.metadata.resourceVersion,
   * commits, and only then notifies listeners. The object is kept as given (callers hand over ownership).
   */
  put(group: string, resource: string, obj: KObject, type: 'ADDED' | 'MODIFIED'): KObject {
    return this.write([{group, resource, obj, type}])[0]
  }

  /** Removes an object; the DELETED event carries obj with a fresh resourceVersion. */
  remove(group: string, resource: string, obj: KObject): KObject {
    return this.write([{group, resource, obj, type: 'DELETED'}])[0]
  }

  /** Applies several changes in one transaction (each gets its own resourceVersion). */
  write(changes: {group: string; resource: string; obj: KObject; type: 'ADDED' | 'MODIFIED' | 'DELETED'}[]): KObject[] {
    const evs: StoreEvent[] = []
    let rv = this.rv
    const tx = this.db.transaction(() => {
      for (const c of changes) {
        rv++
        const ns = c.obj.metadata.namespace ?? ''
        const name = c.obj.metadata.name!
        c.obj.metadata.resourceVersion = String(rv)
        const data = JSON.stringify(c.obj)
        if (c.type === 'DELETED') this.stmts.del.run(c.group, c.resource, ns, name)
        else this.stmts.upsert.run(c.group, c.resource, ns, name, rv, data)
        this.stmts.hist.run(rv, c.type, c.group, c.resource, ns, name, data)
        evs.push({rv, type: c.type, group: c.group, resource: c.resource, namespace: ns, name, object: c.obj})
      }
      this.stmts.setMeta.run('rv', String(rv))
    })
    tx()
    this.rv = rv
    for (const ev of evs) {
      const b = this.bucket(ev.group, ev.resource)
      const k = `${ev.namespace}/${ev.name}`
      if (ev.type === 'DELETED') b.delete(k)
      else b.set(k, {rv: ev.rv, obj: ev.object})
      this.events.push(ev)
    }
    this.writesSinceCompact += evs.length
    if (this.events.length > this.historyLimit && this.writesSinceCompact > this.historyLimit / 10) this.compact()
    this.dispatch(evs)
    return evs.map((e) => e.object)
  }

  // Listeners may write from inside a callback; queueing keeps every listener seeing events in resourceVersion order.
  private dispatch(evs: StoreEvent[]): void {
    this.queue.push(...evs)
    if (this.dispatching) return
    this.dispatching = true
    try {
      while (this.queue.length > 0) {
        const ev = this.queue.shift()!
        for (const l of [...this.listeners]) {
          try {
            l(ev)
          } catch {
            // a broken listener must not undo a committed write
          }
        }
      }
    } finally {
      this.dispatching = false
    }
  }

  /** Drops history beyond the bound; watches starting before it get 410 Gone. */
  compact(): void {
    this.writesSinceCompact = 0
    const drop = this.events.length - this.historyLimit
    if (drop <= 0) return
    const last = this.events[drop - 1].rv
    this.events.splice(0, drop)
    this.compactedRv = last
    this.db.transaction(() => {
      this.stmts.compact.run(last)
      this.stmts.setMeta.run('compacted', String(last))
    })()
  }

  /** Changes after resourceVersion `since` (exclusive); throws TooOldError when they were compacted. */
  history(since: number): StoreEvent[] {
    if (since < this.compactedRv) throw new TooOldError(`too old resource version: ${since} (${this.compactedRv + 1})`)
    // binary search for the first event with rv > since
    let lo = 0
    let hi = this.events.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.events[mid].rv <= since) lo = mid + 1
      else hi = mid
    }
    return this.events.slice(lo)
  }

  /** Subscribes to committed changes of every type. */
  subscribe(fn: (ev: StoreEvent) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Closes the database (the WAL is checkpointed by SQLite). */
  close(): void {
    try {
      this.db.close()
    } catch {
      // already closed
    }
  }
}
