import {describe, expect, test} from '@jest/globals'
import {accessModesString, podsUsingClaim} from '../../src/lib/describe/storage.js'

describe('storage describe helpers', () => {
  test('access modes in kubectl\'s fixed order, each once', () => {
    expect(accessModesString(['ReadWriteMany', 'ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteOnce'])).toBe('RWO,ROX,RWX')
    expect(accessModesString(['ReadWriteOncePod'])).toBe('RWOP')
    expect(accessModesString(undefined)).toBe('')
  })
  test('Used By: a pod once per volume naming the claim, then owning pods that do not mount it', () => {
    const pod = (name: string, uid: string, claims: string[]) => ({metadata: {name, uid}, spec: {volumes: claims.map((c, i) => ({name: `v${i}`, persistentVolumeClaim: {claimName: c}}))}})
    const a = pod('a', '1', ['data', 'data'])
    const b = pod('b', '2', ['other'])
    const c = pod('c', '3', ['data'])
    const claim = {metadata: {name: 'data', ownerReferences: [{kind: 'Pod', uid: '2'}, {kind: 'Pod', uid: '3'}, {kind: 'Pod', uid: 'gone'}]}}
    expect(podsUsingClaim(claim, [a, b, c]).map((p) => p.metadata.name)).toEqual(['a', 'a', 'c', 'b'])
  })
})
