// describe's layout helpers and the pod describer on a fixed object (layout checked against kubectl 1.33's output).
import {describe, expect, test} from '@jest/globals'
import {humanDuration, rfc1123z, DescribeWriter, labelsMultiline, tolerationsMultiline, describeEvents} from '../../src/lib/describe/format.js'
import {describePod} from '../../src/lib/describe/describers.js'

describe('describe format', () => {
  test('humanDuration matches apimachinery', () => {
    const s = 1000
    expect([0, 59 * s, 119 * s, 125 * s, 600 * s, 3 * 3600 * s, 3 * 3600 * s + 60 * s, 26 * 3600 * s, 50 * 3600 * s, 9 * 86400 * s, 800 * 86400 * s].map(humanDuration))
      .toEqual(['0s', '59s', '119s', '2m5s', '10m', '3h', '3h1m', '26h', '2d2h', '9d', '2y70d'])
  })

  test('RFC1123Z', () => {
    expect(rfc1123z('2026-11-26T11:30:02Z')).toBe('Thu, 26 Nov 2026 11:30:02 +0000')
    expect(rfc1123z(undefined)).toBe('<unset>')
  })

  test('multi-line labels and tolerations align in one tabwriter block', () => {
    const w = new DescribeWriter()
    w.write(0, 'Name:\tx\n')
    labelsMultiline(w, 'Labels', {b: '2', a: '1'})
    tolerationsMultiline(w, 'Tolerations', [{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300}, {operator: 'Exists'}])
    expect(w.text()).toBe('Name:         x\nLabels:       a=1\n              b=2\nTolerations:  op=Exists\n              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n')
  })

  test('events section', () => {
    const now = new Date('2026-11-26T12:00:00Z')
    const w = new DescribeWriter()
    describeEvents(w, [{type: 'Normal', reason: 'Scheduled', firstTimestamp: '2026-11-26T11:59:00Z', lastTimestamp: '2026-11-26T11:59:00Z', count: 1, source: {component: 'default-scheduler'}, message: 'Successfully assigned default/x to n1 '}], now)
    expect(w.text()).toBe('Events:\n  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n  Normal  Scheduled  60s   default-scheduler  Successfully assigned default/x to n1\n')
  })

  test('pod layout', () => {
    const pod = {
      metadata: {name: 'dd-1', namespace: 'default', labels: {app: 'dd'}, ownerReferences: [{kind: 'ReplicaSet', name: 'dd', controller: true}]},
      spec: {priority: 0, serviceAccountName: 'default', nodeName: 'n1', containers: [{name: 'nginx', image: 'nginx'}], tolerations: []},
      status: {phase: 'Running', hostIP: '172.18.0.3', podIP: '10.0.0.2', podIPs: [{ip: '10.0.0.2'}], startTime: '2026-11-26T11:30:02Z', qosClass: 'BestEffort',
        conditions: [{type: 'Ready', status: 'True'}],
        containerStatuses: [{name: 'nginx', containerID: 'containerd://abc', imageID: 'docker.io/library/nginx@sha256:1', ready: true, restartCount: 0, state: {running: {startedAt: '2026-11-26T11:30:03Z'}}}]},
    }
    expect(describePod(pod, {now: new Date(), events: []})).toBe(`Name:             dd-1
Namespace:        default
Priority:         0
Service Account:  default
Node:             n1/172.18.0.3
Start Time:       Thu, 26 Nov 2026 11:30:02 +0000
Labels:           app=dd
Annotations:      <none>
Status:           Running
IP:               10.0.0.2
IPs:
  IP:           10.0.0.2
Controlled By:  ReplicaSet/dd
Containers:
  nginx:
    Container ID:   containerd://abc
    Image:          nginx
    Image ID:       docker.io/library/nginx@sha256:1
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Thu, 26 Nov 2026 11:30:03 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type           Status
  Ready          True 
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     <none>
Events:          <none>
`)
  })
})

describe('generic describer labels', () => {
  test('smartLabel splits camelCase and upper-cases common acronyms', async () => {
    const {smartLabel, camelSplit} = await import('../../src/lib/describe/generic.js')
    expect(['apiVersion', 'creationTimestamp', 'uid', 'ownerReferences', 'leaseDurationSeconds', 'podCIDR', 'HTTPServer', 'url', 'x.y'].map(smartLabel))
      .toEqual(['API Version', 'Creation Timestamp', 'UID', 'Owner References', 'Lease Duration Seconds', 'Pod CIDR', 'HTTP Server', 'URL', 'x.y'])
    expect(camelSplit('version2Beta')).toEqual(['version', '2', 'Beta'])
  })
})
