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

/** Flags whose values only kctl can know (asked through `kctl __complete`). */
export const DYNAMIC_FLAGS = new Set(['namespace', 'context', 'cluster', 'user', 'container'])
/** Flags whose values are local files (the shell completes them). */
export const FILE_FLAGS = new Set(['filename', 'kubeconfig', 'certificate-authority', 'client-certificate', 'client-key', 'from-file', 'from-env-file', 'data-dir', 'cache-dir'])

/** Builds the model from an oclif manifest object. */
export function completionModel(manifest: any): CompletionModel {
  const commands: CompletionCommand[] = []
  for (const [id, cmd] of Object.entries<any>(manifest.commands ?? {})) {
    if (cmd.hidden) continue
    const flags: CompletionFlag[] = []
    for (const [name, f] of Object.entries<any>(cmd.flags ?? {})) {
      if (f.hidden) continue
      const takesValue = f.type === 'option'
      const values = takesValue ? (f.options as string[] | undefined) ?? (name === 'sort-by' && !id.startsWith('top') ? undefined : ENUMERATED_VALUES[name]) : undefined
      flags.push({name, char: f.char, takesValue, description: firstLine(f.summary ?? f.description ?? ''), ...(values ? {values} : {})})
    }
    flags.sort((a, b) => a.name.localeCompare(b.name))
    commands.push({id, words: id.split(':'), summary: firstLine(cmd.summary ?? cmd.description ?? ''), flags})
  }
  commands.sort((a, b) => a.id.localeCompare(b.id))
  const topics: CompletionModel['topics'] = {}
  for (const c of commands) {
    if (c.words.length < 2) continue
    const t = (topics[c.words[0]] ??= {summary: firstLine(manifest.topics?.[c.words[0]]?.description ?? ''), subcommands: []})
    t.subcommands.push(c.words[1])
  }
  return {commands, topics}
}

/** Top-level words: commands and topics, with a summary each. */
export function topLevel(model: CompletionModel): {word: string; summary: string}[] {
  const out = new Map<string, string>()
  for (const c of model.commands) if (c.words.length === 1) out.set(c.words[0], c.summary)
  for (const [t, info] of Object.entries(model.topics)) if (!out.has(t)) out.set(t, info.summary || `${t} commands`)
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([word, summary]) => ({word, summary}))
}

function firstLine(s: string): string {
  return String(s).split('\n')[0].trim()
}
