// Commands write through an injected IO so that output is testable and never depends on oclif's console wrapping.
import type {Readable, Writable} from 'node:stream'

/** The three standard streams of one invocation, and whether each is a terminal. */
export interface IO {
  in: Readable & {isTTY?: boolean; setRawMode?: (raw: boolean) => unknown}
  out: Writable & {isTTY?: boolean; columns?: number; rows?: number}
  err: Writable & {isTTY?: boolean}
}

/** The process's own streams, each opened on first use: most commands never read stdin, many never write stderr, and
 * Node builds a stream (and a handle, on a terminal or pipe) for each one touched. */
export function processIO(): IO {
  return {
    get in() {
      return process.stdin
    },
    get out() {
      return process.stdout
    },
    get err() {
      return process.stderr
    },
  }
}

/** Writes and resolves once the chunk is flushed to the OS (matters before process exit with pipes). */
export function write(stream: Writable, text: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text.length === 0) return resolve()
    stream.write(text, (err) => (err ? reject(err) : resolve()))
  })
}
