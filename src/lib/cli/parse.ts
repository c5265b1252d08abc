// pflag semantics oclif lacks: repeated single-value flags take the last value, and positional words keep their order
// (oclif re-sorts its argv and errors on repeats).

/** What the splitter needs to know about a flag. */
export interface FlagShape {
  name: string
  char?: string
  takesValue: boolean
  multiple: boolean
}

interface Token {
  flag?: FlagShape
  start: number
  length: number
}

function scan(argv: string[], flags: FlagShape[]): {tokens: Token[]; positionals: number[]; dash: number} {
  const byName = new Map(flags.map((f) => [f.name, f]))
  const byChar = new Map(flags.filter((f) => f.char).map((f) => [f.char!, f]))
  const tokens: Token[] = []
  const positionals: number[] = []
  let i = 0
  while (i < argv.length) {
    const t = argv[i]
    if (t === '--') return {tokens, positionals, dash: i}
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=')
      const name = t.slice(2, eq > 0 ? eq : undefined)
      const flag = byName.get(name) ?? (name.startsWith('no-') ? byName.get(name.slice(3)) : undefined)
      const needsNext = flag?.takesValue && eq < 0
      tokens.push({flag, start: i, length: needsNext ? 2 : 1})
      i += needsNext ? 2 : 1
      continue
    }
    if (t.startsWith('-') && t.length > 1) {
      // A short cluster: -it, -oyaml, -n kube-system, -n=foo.
      let length = 1
      let flag: FlagShape | undefined
      for (let c = 1; c < t.length; c++) {
        const f = byChar.get(t[c])
        if (!f) break
        flag = f
        if (f.takesValue) {
          if (c === t.length - 1) length = 2
          break
        }
      }
      tokens.push({flag: t.length === 2 || flag?.takesValue ? flag : undefined, start: i, length})
      i += length
      continue
    }
    positionals.push(i)
    i += 1
  }
  return {tokens, positionals, dash: -1}
}

/** Positional words (before `--`) in typed order, and the words after `--` verbatim. */
export function splitArgv(argv: string[], flags: FlagShape[]): {positionals: string[]; dashArgs: string[]; hasDash: boolean} {
  const {positionals, dash} = scan(argv, flags)
  return {positionals: positionals.map((i) => argv[i]), dashArgs: dash === -1 ? [] : argv.slice(dash + 1), hasDash: dash !== -1}
}

/** Drops all but the last occurrence of each single-value flag (pflag: last one wins). */
export function dedupeSingleValueFlags(argv: string[], flags: FlagShape[]): string[] {
  const {tokens, dash} = scan(argv, flags)
  const last = new Map<string, number>()
  for (const t of tokens) if (t.flag && !t.flag.multiple) last.set(t.flag.name, t.start)
  const drop = new Set<number>()
  for (const t of tokens) {
    if (t.flag && !t.flag.multiple && last.get(t.flag.name) !== t.start) {
      for (let k = 0; k < t.length; k++) drop.add(t.start + k)
    }
  }
  if (drop.size === 0) return argv
  const end = dash === -1 ? argv.length : dash
  return argv.filter((_, i) => i >= end || !drop.has(i))
}
