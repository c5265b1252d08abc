// The completion model, derived from oclif's manifest: the command tree, each command's flags, and the values the
// shell can complete without asking kctl (output formats, service types, restart policies, …).

/** One flag as completion needs it. */
export interface CompletionFlag {
  name: string
  char?: string
  takesValue: boolean
  description: string
  values?: string[]
}

/** One command (id `config:view` for `config view`). */
export interface CompletionCommand {
  id: string
  words: string[]
  summary: string
  flags: CompletionFlag[]
}

/** The whole tree. */
export interface CompletionModel {
  commands: CompletionCommand[]
  /** Topic words (config, sandbox) and their subcommands, including topics that are also commands. */
  topics: Record<string, {summary: string; subcommands: string[]}>
}

/** Flag values kctl knows statically, beyond oclif `options`. */
export const ENUMERATED_VALUES: Record<string, string[]> = {
  output: ['json', 'yaml', 'name', 'wide', 'jsonpath=', 'jsonpath-as-json=', 'jsonpath-file=', 'custom-columns=', 'custom-columns-file=', 'go-template=', 'go-template-file='],
  type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
  restart: ['Always', 'OnFailure', 'Never'],
  'dry-run': ['none', 'client', 'server'],
  cascade: ['background', 'foreground', 'orphan'],
  'image-pull-policy': ['Always', 'IfNotPresent', 'Never'],
  'session-affinity': ['None', 'ClientIP'],
  protocol: ['TCP', 'UDP', 'SCTP'],
  'override-type': ['json', 'merge', 'strategic'],
  validate: ['strict', 'warn', 'ignore', 'true', 'false'],
  'sort-by': ['cpu', 'memory'],
}

/** Effects after `key=value:` in `taint nodes NAME …`. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

/** Flags whose values only kctl can know (asked through `kctl __complete`). */
export const DYNAMIC_FLAGS = new Set(['namespace', 'context', 'cluster', 'user', 'container'])
/** Flags whose values are local files (the shell completes them). */
export const FILE_FLAGS = new Set(['filename', 'kubeconfig', 'certificate-authority', 'client-certificate', 'client-key', 'from-file', 'from-env-file', 'data-dir', 'cache-dir'])

/** Builds the model from an oclif manifest object. The shipped manifest keeps the global flags only on `options`
 * (scripts/slim-manifest.js); every command gets them back here. */
export function completionModel(manifest: any): CompletionModel {
  const globals = Object.fromEntries(Object.entries<any>(manifest.commands?.options?.flags ?? {}).filter(([, f]) => f.helpGroup === 'GLOBAL'))
  const commands: CompletionCommand[] = []
  for (const [id, cmd] of Object.entries<any>(manifest.commands ?? {})) {
    if (cmd.hidden) continue
    const flags: CompletionFlag[] = []
    for (const [name, f] of Object.entries<any>({...globals, ...cmd.flags})) {
      if (f.hidden) continue
      const takesValue = f.type === 'option'
      const values = takesValue ? (f.options as string[] | undefined) ?? (name === 'sort-by' && !id.startsWith('top') ? undefined : ENUMERATED_VALUES[name]) : undefined
      flags.push({name, char: f.char, takesValue, description: firstLine(f.summary ?? f.description ?? ''), ...(values ? {values} : {})})
    }
    // Code-unit order, not localeCompare: the collator costs tens of ms at every `kctl __complete` start.
    flags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    commands.push({id, words: id.split(':'), summary: firstLine(cmd.summary ?? cmd.description ?? ''), flags})
  }
  commands.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const topics: CompletionModel['topics'] = {}
  // Every proper prefix of a command id is a topic (`create`, `create:service` for `create:service:nodeport`).
  for (const c of commands) {
    for (let i = 1; i < c.words.length; i++) {
      const id = c.words.slice(0, i).join(':')
      const t = (topics[id] ??= {summary: firstLine(manifest.topics?.[id]?.description ?? ''), subcommands: []})
      if (!t.subcommands.includes(c.words[i])) t.subcommands.push(c.words[i])
    }
  }
  for (const t of Object.values(topics)) t.subcommands.sort()
  return {commands, topics}
}

/** The model without descriptions and summaries (what a live completion needs). */
export function liteModel(model: CompletionModel): CompletionModel {
  return {
    commands: model.commands.map((c) => ({...c, summary: '', flags: c.flags.map((f) => ({...f, description: ''}))})),
    topics: Object.fromEntries(Object.entries(model.topics).map(([k, t]) => [k, {...t, summary: ''}])),
  }
}

/** Top-level words: commands and topics, with a summary each. */
export function topLevel(model: CompletionModel): {word: string; summary: string}[] {
  const out = new Map<string, string>()
  for (const c of model.commands) if (c.words.length === 1) out.set(c.words[0], c.summary)
  for (const [t, info] of Object.entries(model.topics)) if (!t.includes(':') && !out.has(t)) out.set(t, info.summary || `${t} commands`)
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([word, summary]) => ({word, summary}))
}

function firstLine(s: string): string {
  return String(s).split('\n')[0].trim()
}
