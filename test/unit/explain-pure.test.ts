// explain's pure parts: JSONPath-style target parsing, go-wordwrap wrapping, type hints, enums and whole renders of a
// small OpenAPI v3 document, with the exact bytes kubectl 1.33 prints.
import {describe, expect, test} from '@jest/globals'
import {wrapString, indent, goValue, goFloat, goIsSpace} from '../../src/lib/explain/text.js'
import {parseJsonPathNodes, resourceWord, splitWithMatchingPrefix, splitFields} from '../../src/lib/explain/path.js'
import {typeGuess, extractEnum, describe as describeSchema, renderPlaintext, gvrString, truthy} from '../../src/lib/explain/render.js'
import {explainOptions, parseGroupVersion, matchingTypes, shortNameWarnings} from '../../src/lib/explain/explain.js'
import {wrapParagraphs, classify, typeName, renderOpenAPIV2Document} from '../../src/lib/explain/v2.js'
import type {ResourceType} from '../../src/lib/client/index.js'

describe('wrapString (go-wordwrap)', () => {
  test.each([
    ['short', 10, 'short'],
    ['aaa bbb ccc', 7, 'aaa bbb\nccc'],
    ['aaa bbb ccc', 3, 'aaa\nbbb\nccc'],
    ['a verylongwordthatoverflows b', 5, 'a\nverylongwordthatoverflows\nb'],
    ['keep\nnewlines  here', 80, 'keep\nnewlines  here'],
    ['trailing   ', 9, 'trailing'],
    ['trailing   ', 20, 'trailing   '],
    ['two  spaces wrap', 11, 'two  spaces\nwrap'],
    ['ünïcödé wörds', 7, 'ünïcödé\nwörds'],
    ['nbsp\u00a0joins words', 9, 'nbsp\u00a0joins\nwords'],
    ['', 10, ''],
  ])('%j at %d', (input, limit, expected) => {
    expect(wrapString(input, limit)).toBe(expected)
  })

  test('Go whitespace, not JavaScript\'s', () => {
    expect([0x20, 0x09, 0x0a, 0x85, 0xa0, 0x2028, 0x3000].map(goIsSpace)).toEqual([true, true, true, true, true, true, true])
    expect([0xfeff, 0x41, 0x200b].map(goIsSpace)).toEqual([false, false, false])
  })
})

describe('indent and Go values', () => {
  test('indent pads every line, trailing newline included', () => {
    expect(indent(4, 'a\nb\n')).toBe('    a\n    b\n    ')
    expect(indent(0, 'x')).toBe('x')
  })

  test.each([
    [1, '1'], [2.5, '2.5'], [-3, '-3'], [123456, '123456'], [1000000, '1e+06'], [1234567, '1.234567e+06'], [0.0001, '0.0001'], [0.00001, '1e-05'], [0, '0'],
  ])('goFloat(%p)', (input, expected) => {
    expect(goFloat(input)).toBe(expected)
  })

  test('goValue of JSON values', () => {
    expect([goValue('s'), goValue(true), goValue(null), goValue([1, 'a']), goValue({b: 1, a: 'x'})]).toEqual(['s', 'true', '<nil>', '[1 a]', 'map[a:x b:1]'])
  })

  test('Go template truthiness', () => {
    expect([truthy({}), truthy([]), truthy(''), truthy(0), truthy(false), truthy(null), truthy({a: 1}), truthy(['x']), truthy('s'), truthy(1)])
      .toEqual([false, false, false, false, false, false, true, true, true, true])
  })
})

describe('target parsing', () => {
  test('nodes of a JSONPath target', () => {
    expect(parseJsonPathNodes('pods.spec.containers')).toEqual([{type: 'field', value: 'pods'}, {type: 'field', value: 'spec'}, {type: 'field', value: 'containers'}])
    expect(parseJsonPathNodes('pods.spec.')).toEqual([{type: 'field', value: 'pods'}, {type: 'field', value: 'spec'}])
    expect(parseJsonPathNodes('pods..spec')).toEqual([{type: 'field', value: 'pods'}, {type: 'recursive'}, {type: 'field', value: 'spec'}])
    expect(parseJsonPathNodes('pods[0]')).toEqual([{type: 'field', value: 'pods'}, {type: 'other'}])
    expect(parseJsonPathNodes('a\\.b.c')).toEqual([{type: 'field', value: 'a.b'}, {type: 'field', value: 'c'}])
  })

  test('the resource word and its errors', () => {
    expect(resourceWord('deploy.spec.replicas')).toBe('deploy')
    expect(() => resourceWord('[0]')).toThrow('a resource must be present, got: /, Resource=')
    expect(() => resourceWord('.pods')).toThrow('invalid jsonpath syntax, first node must be field node')
    expect(resourceWord('pods/x')).toBe('pods/x')
    expect(resourceWord('pods.*')).toBe('pods')
    expect(() => splitWithMatchingPrefix('pods.*', [{gr: 'pods'}], (c) => c.gr)).toThrow("unrecognized character in action: U+002A '*'")
  })

  const types = [{gr: 'events'}, {gr: 'events.events.k8s.io'}]
  test.each([
    ['pods.spec.containers', [{gr: 'pods'}], {gr: 'pods'}, ['spec', 'containers']],
    ['po.spec', [{gr: 'pods'}], {gr: 'pods'}, ['spec']],
    ['pods', [{gr: 'pods'}], {gr: 'pods'}, []],
    ['deployments.apps.spec.replicas', [{gr: 'deployments.apps'}], {gr: 'deployments.apps'}, ['spec', 'replicas']],
    ['deploy.apps.spec', [{gr: 'deployments.apps'}], {gr: 'deployments.apps'}, ['apps', 'spec']],
    ['pods..spec', [{gr: 'pods'}], {gr: 'pods'}, ['spec']],
    ['events.events.k8s.io.note', types, {gr: 'events'}, ['events', 'k8s', 'io', 'note']],
  ])('%s', (input, candidates, match, fields) => {
    expect(splitWithMatchingPrefix(input, candidates, (c) => c.gr)).toEqual({match, fields})
  })

  test('path errors', () => {
    expect(() => splitWithMatchingPrefix('po..spec', [{gr: 'pods'}], (c) => c.gr)).toThrow('invalid jsonpath syntax, first node must be field node')
    expect(() => splitFields('pods[0].spec')).toThrow('invalid jsonpath syntax, all nodes must be field nodes')
    expect(splitFields('deployments.apps.spec')).toEqual(['apps', 'spec'])
  })
})

describe('options', () => {
  test('kubectl\'s argument errors', () => {
    expect(() => explainOptions([], {})).toThrow('You must specify the type of resource to explain. Use "kctl api-resources" for a complete list of supported resources.')
    expect(() => explainOptions(['a', 'b'], {})).toThrow('We accept only this format: explain RESOURCE')
    expect(explainOptions(['pods'], {recursive: true, 'api-version': 'v1'})).toEqual({target: 'pods', apiVersion: 'v1', recursive: true, output: 'plaintext'})
  })

  test('group versions', () => {
    expect([parseGroupVersion('v1'), parseGroupVersion('apps/v1'), parseGroupVersion('')]).toEqual([{group: '', version: 'v1'}, {group: 'apps', version: 'v1'}, {group: '', version: ''}])
    expect(() => parseGroupVersion('a/b/c')).toThrow('unexpected GroupVersion string: a/b/c')
    expect([gvrString({group: '', version: 'v2', resource: 'pods'}), gvrString({group: 'apps', version: 'v1', resource: 'deployments'})]).toEqual(['/v2, Resource=pods', 'apps/v1, Resource=deployments'])
  })

  const rt = (group: string, resource: string, kind: string, shortNames: string[] = []): ResourceType =>
    ({group, version: 'v1', resource, kind, singular: kind.toLowerCase(), namespaced: true, shortNames, verbs: [], categories: [], subresources: []})
  const served = [rt('', 'events', 'Event', ['ev']), rt('apps', 'deployments', 'Deployment', ['deploy']), rt('events.k8s.io', 'events', 'Event', ['ev'])]

  test('matching types: every group, core first', () => {
    expect(matchingTypes(served, 'Events').map((t) => `${t.resource}.${t.group}`)).toEqual(['events.', 'events.events.k8s.io'])
    expect(matchingTypes(served, 'deploy').map((t) => t.kind)).toEqual(['Deployment'])
    expect(matchingTypes(served, 'nope')).toEqual([])
  })

  test('ambiguous short names warn as client-go does', () => {
    expect(shortNameWarnings(served, 'ev')).toEqual(['Warning: short name "ev" could also match lower priority resource events.events.k8s.io'])
    expect(shortNameWarnings(served, 'events')).toEqual([])
    expect(shortNameWarnings(served, 'deploy')).toEqual([])
  })
})

// A small document in the shape kube-apiserver serves at /openapi/v3/apis/example.com/v1.
const doc = {
  paths: {
    '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}': {
      get: {'x-kubernetes-group-version-kind': {group: 'example.com', version: 'v1', kind: 'Widget'}},
    },
  },
  components: {
    schemas: {
      'com.example.v1.Widget': {
        type: 'object',
        description: 'Widget is a test type.',
        required: ['spec'],
        properties: {
          apiVersion: {type: 'string', description: 'APIVersion of the object.'},
          spec: {allOf: [{$ref: '#/components/schemas/com.example.v1.WidgetSpec'}], description: 'The desired state.'},
          items: {type: 'array', items: {allOf: [{$ref: '#/components/schemas/com.example.v1.Part'}]}},
          labels: {type: 'object', additionalProperties: {type: 'string'}},
        },
        'x-kubernetes-group-version-kind': [{group: 'example.com', version: 'v1', kind: 'Widget'}],
      },
      'com.example.v1.WidgetSpec': {
        type: 'object',
        description: 'WidgetSpec is the spec.',
        properties: {
          color: {type: 'string', enum: ['red', '', 'blue', 'green', 'black'], description: 'The colour of the widget, one of a few well known values that this sentence lists.'},
          size: {type: 'integer', format: 'int32'},
        },
      },
      'com.example.v1.Part': {type: 'object', description: 'A part.', properties: {name: {type: 'string'}, parent: {$ref: '#/components/schemas/com.example.v1.Part'}}},
      'io.k8s.apimachinery.pkg.api.resource.Quantity': {type: 'string'},
    },
  },
}
const gvr = {group: 'example.com', version: 'v1', resource: 'widgets'}

describe('schema helpers', () => {
  test.each([
    [{type: 'string'}, 'string'],
    [{type: 'object'}, 'Object'],
    [{description: 'no type'}, 'Object'],
    [{type: 'array', items: {type: 'integer'}}, '[]integer'],
    [{type: 'object', additionalProperties: {type: 'string'}}, 'map[string]string'],
    [{type: 'object', additionalProperties: true}, 'Object'],
    [{allOf: [{$ref: '#/components/schemas/com.example.v1.WidgetSpec'}]}, 'WidgetSpec'],
    [{$ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity'}, 'string'],
    [{$ref: '#/components/schemas/missing.Thing'}, 'Thing'],
    [{type: 'object', additionalProperties: {$ref: '#/components/schemas/missing.Quantity'}}, 'map[string]Quantity'],
  ])('typeGuess(%j)', (schema, expected) => {
    expect(typeGuess(schema, doc)).toBe(expected)
  })

  test('enums in the short and the long view', () => {
    const s = {enum: ['a', '', 'c', 'd', 'e']}
    expect(extractEnum(s, false, 4, 2)).toBe('\n  enum: a, "", c, d, ....')
    expect(extractEnum(s, true, -1)).toBe('ENUM:\n    a\n    ""\n    c\n    d\n    e')
    expect(extractEnum({type: 'string'}, false, 4)).toBe('')
  })

  test('descriptions collect allOf members', () => {
    expect(describeSchema(doc.components.schemas['com.example.v1.Widget'].properties.spec, doc)).toBe('The desired state.\nWidgetSpec is the spec.\n')
  })
})

describe('renderPlaintext', () => {
  test('the whole type', () => {
    expect(renderPlaintext(doc, gvr, [], false)).toEqual({out: [
      'GROUP:      example.com', 'KIND:       Widget', 'VERSION:    v1', '',
      'DESCRIPTION:', '    Widget is a test type.', '    ',
      'FIELDS:',
      '  apiVersion\t<string>', '    APIVersion of the object.', '',
      '  items\t<[]Part>', '    <no description>', '',
      '  labels\t<map[string]string>', '    <no description>', '',
      '  spec\t<WidgetSpec> -required-', '    The desired state.', '', '', '',
    ].join('\n')})
  })

  test('a field with an enum, wrapped at 76 columns', () => {
    expect(renderPlaintext(doc, gvr, ['spec', 'color'], false)).toEqual({out: [
      'GROUP:      example.com', 'KIND:       Widget', 'VERSION:    v1', '',
      'FIELD: color <string>', 'ENUM:', '    red', '    ""', '    blue', '    green', '    black', '',
      'DESCRIPTION:', '    The colour of the widget, one of a few well known values that this sentence', '    lists.', '    ', '', '',
    ].join('\n')})
  })

  test('recursive, stopping at a cycle', () => {
    expect(renderPlaintext(doc, gvr, ['items'], true)).toEqual({out: [
      'GROUP:      example.com', 'KIND:       Widget', 'VERSION:    v1', '',
      'FIELD: items <[]Part>', '', '',
      'DESCRIPTION:', '    A part.', '    ',
      'FIELDS:', '  name\t<string>', '  parent\t<Part>', '', '',
    ].join('\n')})
  })

  test('an unknown field: the header, then kubectl\'s error naming the last step', () => {
    const r = renderPlaintext(doc, gvr, ['spec', 'nope', 'deeper'], false)
    expect(r.out).toBe('GROUP:      example.com\nKIND:       Widget\nVERSION:    v1\n\n')
    expect(r.error?.message).toBe('field "deeper" does not exist')
  })

  test('a resource the document does not serve', () => {
    const r = renderPlaintext(doc, {group: 'example.com', version: 'v1', resource: 'gadgets'}, [], false)
    expect(r).toEqual({out: '', error: expect.objectContaining({message: 'GVR (example.com/v1, Resource=gadgets) not found in OpenAPI schema'})})
  })
})

// A swagger 2.0 document in the shape kube-apiserver serves at /openapi/v2.
const v2doc = {
  definitions: {
    'com.example.v1.Widget': {
      description: 'Widget is a test type.',
      required: ['spec'],
      properties: {
        spec: {$ref: '#/definitions/com.example.v1.WidgetSpec', description: 'The desired state.'},
        tags: {type: 'array', items: {type: 'string'}, description: 'Tags.'},
        extra: {type: 'object', description: 'Anything.'},
      },
      'x-kubernetes-group-version-kind': [{group: 'example.com', version: 'v1', kind: 'Widget'}],
    },
    'com.example.v1.WidgetSpec': {
      type: 'object',
      description: 'WidgetSpec is the spec.\n\n- one\n- two',
      properties: {size: {type: 'integer', format: 'int32', description: 'How big.'}, self: {$ref: '#/definitions/com.example.v1.WidgetSpec'}},
    },
  },
}
const gvk = {group: 'example.com', version: 'v1', kind: 'Widget'}

describe('plaintext-openapiv2', () => {
  test('the formatter keeps lists, code and blank lines, and wraps by bytes', () => {
    expect(wrapParagraphs('one two three four', 9)).toEqual(['one two', 'three', 'four'])
    expect(wrapParagraphs('Intro:\nnext line\n\n- a\n- b\n    code  kept', 80)).toEqual(['Intro:', 'next line', '', '- a', '- b', '    code  kept'])
    expect(wrapParagraphs('ééé ééé', 7)).toEqual(['ééé', 'ééé'])
    expect(wrapParagraphs('', 80)).toEqual([])
  })

  test('type names', () => {
    const defs = v2doc.definitions
    expect([
      typeName(classify({type: 'array', items: {type: 'string'}}, defs), defs),
      typeName(classify({type: 'object'}, defs), defs),
      typeName(classify({type: 'object', additionalProperties: {type: 'integer'}}, defs), defs),
      typeName(classify({$ref: '#/definitions/com.example.v1.WidgetSpec'}, defs), defs),
      typeName(classify({description: 'untyped'}, defs), defs),
    ]).toEqual(['[]string', 'map[string]', 'map[string]integer', 'Object', ''])
  })

  test('the whole kind', () => {
    expect(renderOpenAPIV2Document(v2doc, gvk, [], false)).toEqual({out: [
      'KIND:     Widget', 'VERSION:  example.com/v1', '',
      'DESCRIPTION:', '     Widget is a test type.', '',
      'FIELDS:',
      '   extra\t<map[string]>', '     Anything.', '',
      '   spec\t<Object> -required-', '     The desired state.', '',
      '   tags\t<[]string>', '     Tags.', '', '',
    ].join('\n')})
  })

  // kubectl's formatter drops a blank line that follows the first, still unflushed, paragraph.
  test('a field through a reference: RESOURCE, both descriptions, recursion stopping at the cycle', () => {
    expect(renderOpenAPIV2Document(v2doc, gvk, ['spec'], true)).toEqual({out: [
      'KIND:     Widget', 'VERSION:  example.com/v1', '',
      'RESOURCE: spec <Object>', '',
      'DESCRIPTION:', '     The desired state.', '', '     WidgetSpec is the spec.', '     - one', '     - two', '',
      'FIELDS:', '   self\t<Object>', '      self\t<Object>', '      size\t<integer>', '   size\t<integer>', '',
    ].join('\n')})
  })

  test('a primitive field, and errors', () => {
    expect(renderOpenAPIV2Document(v2doc, gvk, ['spec', 'size'], false).out).toBe('KIND:     Widget\nVERSION:  example.com/v1\n\nFIELD:    size <integer>\n\nDESCRIPTION:\n     How big.\n')
    expect(() => renderOpenAPIV2Document(v2doc, gvk, ['spec', 'nope'], false)).toThrow('field "nope" does not exist')
    expect(() => renderOpenAPIV2Document(v2doc, {...gvk, version: 'v2'}, [], false)).toThrow('couldn\'t find resource for "example.com/v2, Kind=Widget"')
  })
})
