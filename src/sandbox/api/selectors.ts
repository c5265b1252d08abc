// Label and field selector parsing with kube-apiserver's grammar and error messages.
import {ApiError, type LabelRequirement} from '../types.js'

/** Parses a label selector string (equality- and set-based); throws 400 BadRequest on bad syntax. */
export function parseLabelSelector(sel: string | undefined): LabelRequirement[] {
  if (!sel || sel.trim() === '') return []
  const reqs: LabelRequirement[] = []
  for (const part of splitTopLevel(sel)) {
    const p = part.trim()
    if (p === '') throw badSelector(sel)
    let m = /^(!)\s*([A-Za-z0-9_./-]+)$/.exec(p)
    if (m) {
      reqs.push({key: m[2], operator: '!', values: []})
      continue
    }
    m = /^([A-Za-z0-9_./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p)
    if (m) {
      const values = m[3].split(',').map((v) => v.trim())
      reqs.push({key: m[1], operator: m[2] as 'in' | 'notin', values: values.length === 1 && values[0] === '' ? [] : values})
      continue
    }
    m = /^([A-Za-z0-9_./-]+)\s*(==|!=|=)\s*([A-Za-z0-9_.-]*)$/.exec(p)
    if (m) {
      reqs.push({key: m[1], operator: m[2] as '=' | '==' | '!=', values: [m[3]]})
      continue
    }
    m = /^([A-Za-z0-9_./-]+)$/.exec(p)
    if (m) {
      reqs.push({key: m[1], operator: 'exists', values: []})
      continue
    }
    throw badSelector(sel)
  }
  return reqs
}

function badSelector(sel: string): ApiError {
  return new ApiError(400, 'BadRequest', `unable to parse requirement: found '${sel}', expected: identifier`)
}

// Commas inside "in (a,b)" do not separate requirements.
function splitTopLevel(s: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of s) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out
}

/** True when labels satisfy every requirement. */
export function matchLabels(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {}
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key)
    const v = l[r.key]
    switch (r.operator) {
      case '=':
      case '==':
      case 'in':
        if (!has || !r.values.includes(v)) return false
        break
      case '!=':
      case 'notin':
        if (has && r.values.includes(v)) return false
        break
      case 'exists':
        if (!has) return false
        break
      case '!':
        if (has) return false
        break
    }
  }
  return true
}

/** Converts a metav1.LabelSelector (matchLabels/matchExpressions) into requirements. */
export function selectorToRequirements(sel: any): LabelRequirement[] {
  const reqs: LabelRequirement[] = []
  if (!sel) return reqs
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({key: k, operator: '=', values: [String(v)]})
  for (const e of sel.matchExpressions ?? []) {
    const op = String(e.operator)
    if (op === 'In') reqs.push({key: e.key, operator: 'in', values: e.values ?? []})
    else if (op === 'NotIn') reqs.push({key: e.key, operator: 'notin', values: e.values ?? []})
    else if (op === 'Exists') reqs.push({key: e.key, operator: 'exists', values: []})
    else if (op === 'DoesNotExist') reqs.push({key: e.key, operator: '!', values: []})
  }
  return reqs
}

/** Renders a metav1.LabelSelector as the string form (Scale status.selector). */
export function selectorToString(sel: any): string {
  if (!sel) return ''
  const parts: string[] = []
  const ml = sel.matchLabels ?? {}
  for (const k of Object.keys(ml).sort()) parts.push(`${k}=${ml[k]}`)
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',')
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.join(',')
}

/** One field selector term. */
export interface FieldRequirement {
  field: string
  op: '=' | '!='
  value: string
}

/** Parses a field selector (`a=b,c!=d`); throws 400 on bad syntax. */
export function parseFieldSelector(sel: string | undefined): FieldRequirement[] {
  if (!sel || sel.trim() === '') return []
  return sel.split(',').map((p) => {
    const m = /^\s*([^=!\s]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(p)
    if (!m) throw new ApiError(400, 'BadRequest', `invalid selector: '${sel}'; can't understand '${p}'`)
    return {field: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3]}
  })
}
