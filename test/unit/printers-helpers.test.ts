// Table tests of the printer helpers whose kubectl behaviour is fixed by Kubernetes' own code and tests
// (duration.HumanDuration, NamePrinter, tabwriter, custom-columns file syntax, -o validation).
import {describe, expect, test} from '@jest/globals'
import {
  formatAge, humanDuration, printName, tabwrite, sanitizeForTerminal, escapeTerminal, parseCustomColumnsFile,
  printCustomColumns, printObjects, printTable, printTables, defaultTable, printJson, printYaml, parseOutputFormat,
  printJsonPath, formatLabels, sortByJsonPath,
} from '../../src/lib/printers/index.js'

const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H

describe('humanDuration (k8s.io/apimachinery/pkg/util/duration)', () => {
  test.each([
    [-2 * S, '<invalid>'], [-1 * S, '0s'], [0, '0s'], [59 * S, '59s'], [119 * S, '119s'], [2 * M, '2m'], [2 * M + 5 * S, '2m5s'],
    [9 * M + 59 * S, '9m59s'], [10 * M, '10m'], [10 * M + 30 * S, '10m'], [179 * M, '179m'], [3 * H, '3h'], [3 * H + 15 * M, '3h15m'],
    [7 * H + 59 * M, '7h59m'], [8 * H, '8h'], [47 * H + 59 * M, '47h'], [2 * D, '2d'], [2 * D + 3 * H, '2d3h'], [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'], [729 * D, '729d'], [2 * 365 * D, '2y'], [2 * 365 * D + 10 * D, '2y10d'], [8 * 365 * D, '8y'], [20 * 365 * D + 5 * D, '20y'],
  ])('%d ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want)
  })

  test('formatAge from timestamps', () => {
    const now = new Date('2026-11-26T12:00:00Z')
    expect(formatAge('2026-11-26T11:57:55Z', now)).toBe('2m5s')
    expect(formatAge(new Date('2026-11-21T12:00:00Z'), now)).toBe('5d')
    expect(formatAge(undefined, now)).toBe('<unknown>')
    expect(formatAge('not a time', now)).toBe('<unknown>')
  })
})

describe('printName', () => {
  test('core, grouped and operations', () => {
    expect(printName({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'nginx'}})).toBe('pod/nginx\n')
    expect(printName({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}})).toBe('deployment.apps/web\n')
    expect(printName({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'nginx'}}, {operation: 'created'})).toBe('pod/nginx created\n')
    expect(printName({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}}, {operation: 'configured', dryRun: 'client'}))
      .toBe('deployment.apps/web configured (dry run)\n')
    expect(printName({apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}}, {operation: 'deleted', dryRun: 'server'}))
      .toBe('service/s deleted (server dry run)\n')
    expect(printName({apiVersion: 'v1', kind: 'Pod', metadata: {}})).toBe('pod/<unknown>\n')
    expect(() => printName({metadata: {name: 'x'}})).toThrow('missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type')
  })
})

describe('tabwrite (Go text/tabwriter, minwidth 6, padding 3)', () => {
  test('narrow columns widen to 6; last cell is never padded', () => {
    expect(tabwrite('X\tNAME\nab\tc\n')).toBe('X     NAME\nab    c\n')
  })
  test('column blocks end at a line without that column', () => {
    expect(tabwrite('aaaaaaaaaa\tb\nx\n\nc\td\n')).toBe('aaaaaaaaaa   b\nx\n\nc     d\n')
  })
  test('runes, not bytes or display width', () => {
    expect(tabwrite('日本語\tx\nab\ty\n')).toBe('日本語   x\nab    y\n')
  })
  test('empty last cells leave the padding of the cell before', () => {
    expect(tabwrite('NAME\tL\nweb\t\n')).toBe('NAME   L\nweb    \n')
  })
  test('remembered widths only grow', () => {
    const widths: number[] = []
    expect(tabwrite('NAME\tAGE\nlong-name-here\t1s\n', {rememberedWidths: widths})).toBe('NAME             AGE\nlong-name-here   1s\n')
    expect(tabwrite('a\t2s\n', {rememberedWidths: widths})).toBe('a                2s\n')
    expect(widths).toEqual([17])
  })
})

describe('terminal safety', () => {
  test('escapeTerminal is kubectl\'s replacer', () => {
    expect(escapeTerminal('a\x1b[31mb\rc\nd')).toBe('a^[[31mb\\rc\nd')
  })
  test('sanitizeForTerminal strips CSI, OSC and control characters but keeps \\n and \\t', () => {
    expect(sanitizeForTerminal('\x1b[1;31mred\x1b[0m\tok\n')).toBe('red\tok\n')
    expect(sanitizeForTerminal('\x1b]0;title\x07text\x1b]8;;http://x\x1b\\link')).toBe('textlink')
    expect(sanitizeForTerminal('a\x00b\x07c\x7fd\x9be\rf')).toBe('abcdf')
    expect(sanitizeForTerminal('日本 ✓')).toBe('日本 ✓')
  })
})

describe('custom columns', () => {
  const pods = [
    {metadata: {name: 'a', labels: {x: '1'}}, spec: {containers: [{image: 'i1'}, {image: 'i2'}]}},
    {metadata: {name: 'b'}, spec: {containers: []}},
  ]
  test('file format: header line and spec line', () => {
    const cols = parseCustomColumnsFile('NAME   IMAGES\n.metadata.name  {.spec.containers[*].image}\n')
    expect(cols).toEqual([{header: 'NAME', fieldSpec: '{.metadata.name}'}, {header: 'IMAGES', fieldSpec: '{.spec.containers[*].image}'}])
    expect(printCustomColumns(cols, pods)).toBe('NAME   IMAGES\na      i1,i2\nb      <none>\n')
  })
  test('file format errors', () => {
    expect(() => parseCustomColumnsFile('')).toThrow('invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.')
    expect(() => parseCustomColumnsFile('A B\n')).toThrow('invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.')
    expect(() => parseCustomColumnsFile('A B\n.a\n')).toThrow("number of headers (2) and field specifications (1) don't match")
  })
  test('maps print as Go %v, --no-headers', () => {
    expect(printCustomColumns('L:.metadata.labels', pods, {noHeaders: true})).toBe('map[x:1]\n<none>\n')
  })
})

describe('tables', () => {
  const table = {
    columnDefinitions: [{name: 'Name', type: 'string', format: 'name', priority: 0}, {name: 'Count', type: 'integer', priority: 0},
      {name: 'Ratio', type: 'number', priority: 0}, {name: 'Ok', type: 'boolean', priority: 1}],
    rows: [
      {cells: ['a', 5, 0.25, true, 'extra cell beyond the definitions'], object: {metadata: {name: 'a', namespace: 'n1', labels: {}}}},
      {cells: ['b', 1234567, 1234567.5, null], object: {metadata: {name: 'b', namespace: 'n2'}}},
    ],
  }
  test('non-string cells use Go fmt %v; cells beyond the definitions are dropped', () => {
    expect(printTable(table, {wide: true})).toBe(
      'NAME   COUNT     RATIO           OK\n' +
      'a      5         0.25            true\n' +
      'b      1234567   1.2345675e+06   \n')
  })
  test('no rows: nothing at all, even headers', () => {
    expect(printTable({columnDefinitions: table.columnDefinitions, rows: []})).toBe('')
  })
  test('multi-type output: blank line between types unless --no-headers', () => {
    const one = {columnDefinitions: [{name: 'Name', type: 'string', format: 'name'}], rows: [{cells: ['x'], object: {metadata: {name: 'x'}}}]}
    const none = {columnDefinitions: one.columnDefinitions, rows: []}
    expect(printTables([{table: one, kindPrefix: 'pod'}, {table: none, kindPrefix: 'service'}, {table: one, kindPrefix: 'deployment.apps'}]))
      .toBe('NAME\npod/x\n\nNAME\ndeployment.apps/x\n')
    expect(printTables([{table: one, kindPrefix: 'pod'}, {table: one, kindPrefix: 'deployment.apps'}], {noHeaders: true}))
      .toBe('pod/x\ndeployment.apps/x\n')
  })
  test('client-side NAME/AGE table', () => {
    const now = new Date('2026-11-26T12:00:00Z')
    const t = defaultTable([{metadata: {name: 'cm1', creationTimestamp: '2026-11-26T11:00:00Z'}}, {metadata: {name: 'cm2'}}], now)
    expect(printTable(t)).toBe('NAME   AGE\ncm1    60m\ncm2    <unknown>\n')
  })
  test('labels sort as k=v strings', () => {
    expect(formatLabels({app: 'x', 'app.kubernetes.io/name': 'y'})).toBe('app.kubernetes.io/name=y,app=x')
    expect(formatLabels({})).toBe('<none>')
  })
})

describe('sorting', () => {
  test('quantities by value, other strings bytewise, missing first', () => {
    const objs = ['1Gi', '500Mi', undefined, '2'].map((q, i) => ({i, q}))
    expect(sortByJsonPath(objs, '.q').map(o => o.i)).toEqual([2, 3, 1, 0])
    expect(sortByJsonPath([{s: 'pod-2'}, {s: 'pod-10'}], 's').map(o => o.s)).toEqual(['pod-10', 'pod-2'])
    expect(() => sortByJsonPath([{a: 1}], '.b')).toThrow('couldn\'t find any field with path "{.b}" in the list of objects')
  })
})

describe('json, yaml and the -o dispatcher', () => {
  test('json: sorted keys, 4 spaces, HTML-safe escapes', () => {
    expect(printJson({b: '<&>', a: [1, {}, []], c: {}})).toBe('{\n    "a": [\n        1,\n        {},\n        []\n    ],\n    "b": "\\u003c\\u0026\\u003e",\n    "c": {}\n}\n')
  })
  test('yaml: quoting, blocks and folding', () => {
    expect(printYaml({b: 'true', a: 'x\ny', c: ['1', {d: null}], e: 'it\'s'}))
      .toBe('a: |-\n  x\n  y\nb: "true"\nc:\n- "1"\n- d: null\ne: it\'s\n')
  })
  test('format validation', () => {
    expect(() => parseOutputFormat('foo')).toThrow('unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml')
    expect(parseOutputFormat('jsonpath={.a}')).toEqual({name: 'jsonpath', arg: '{.a}'})
    expect(() => printObjects([], 'jsonpath')).toThrow('template format specified but no template given')
    expect(() => printObjects([], 'custom-columns=')).toThrow('custom-columns format specified but no custom columns given')
  })
  test('single object vs List', () => {
    const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}}
    expect(printObjects([pod], 'jsonpath={.kind}', {single: true})).toBe('Pod')
    expect(printObjects([pod], 'jsonpath={.kind}')).toBe('List')
    expect(printObjects([pod, pod], 'name', {operation: 'created'})).toBe('pod/p created\npod/p created\n')
    expect(printObjects([pod], 'jsonpath-file=/t', {single: true, readFile: () => '{.metadata.name}'})).toBe('p')
  })
  test('jsonpath errors', () => {
    expect(() => printJsonPath('{.a', {})).toThrow('error parsing jsonpath {.a, unclosed action')
    expect(() => printJsonPath('{.a[0]}', {a: {b: 1}})).toThrow(
      'error executing jsonpath "{.a[0]}": Error executing template: map[string]interface {} is not array or slice. ' +
      'Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.a[0]}\n' +
      '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"a":map[string]interface {}{"b":1}}\n\n\n')
    expect(() => printJsonPath('{.missing}', {}, {allowMissingKeys: false})).toThrow('missing is not found')
  })
})

describe('go-template errors (texts measured with kubectl 1.33)', () => {
  test.each([
    ['{{.foo', 'error parsing template {{.foo, template: output:1: unclosed action'],
    ['{{nofunc}}', 'error parsing template {{nofunc}}, template: output:1: function "nofunc" not defined'],
    ['{{if}}{{end}}', 'error parsing template {{if}}{{end}}, template: output:1: missing value for if'],
    ['{{.kind}}{{end}}', 'error parsing template {{.kind}}{{end}}, template: output:1: unexpected {{end}}'],
  ])('%s', (template, message) => {
    expect(() => printObjects([{kind: 'Pod', apiVersion: 'v1', metadata: {}}], `go-template=${template}`)).toThrow(message)
  })
})

describe('streamed objects (create/apply -o)', () => {
  test('yaml documents are separated by ---, json objects concatenated', () => {
    const a = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a'}}
    const b = {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'b'}}
    expect(printObjects([a, b], 'yaml', {stream: true})).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n')
    expect(printObjects([a, b], 'json', {stream: true})).toBe(printJson(a) + printJson(b))
    expect(printObjects([a], 'yaml', {stream: true})).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n')
  })
})
