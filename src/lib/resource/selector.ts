// Label selectors printed as kubectl prints them (apimachinery's labels.Selector String()): one requirement per key,
// sorted by key, set values sorted and deduplicated. Used on the wire too, where the order is only cosmetic.

/** A LabelSelector (matchLabels + matchExpressions) or a plain map (Service, ReplicationController) as `k=v,…`; '' when empty. */
export function labelSelectorString(sel: any): string {
  if (!sel) return ''
  const isSelector = 'matchLabels' in sel || 'matchExpressions' in sel
  const labels: Record<string, unknown> = (isSelector ? sel.matchLabels : sel) ?? {}
  const reqs: {key: string; text: string}[] = Object.keys(labels).map((k) => ({key: k, text: `${k}=${labels[k]}`}))
  for (const e of isSelector ? sel.matchExpressions ?? [] : []) {
    const values = [...new Set<string>((e.values ?? []).map(String))].sort().join(',')
    const op = String(e.operator ?? '')
    if (op === 'In') reqs.push({key: e.key, text: `${e.key} in (${values})`})
    else if (op === 'NotIn') reqs.push({key: e.key, text: `${e.key} notin (${values})`})
    else if (op === 'Exists') reqs.push({key: e.key, text: e.key})
    else if (op === 'DoesNotExist') reqs.push({key: e.key, text: `!${e.key}`})
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return reqs.map((r) => r.text).join(',')
}

/** kubectl's FormatLabelSelector: the selector string, `<none>` when it selects by nothing. */
export function formatLabelSelector(sel: any): string {
  return labelSelectorString(sel) || '<none>'
}
