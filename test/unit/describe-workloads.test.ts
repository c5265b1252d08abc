// The pure workload describers on hand-written objects: selectors, claim templates, job status lines, cron job fields.
import {describe, expect, test} from '@jest/globals'
import {describeCronJob, describeJob, describeStatefulSet} from '../../src/lib/describe/describers.js'

const now = new Date('2026-01-01T00:10:00Z')
const template = {metadata: {labels: {app: 'x'}}, spec: {containers: [{name: 'c', image: 'busybox'}]}}
const templateText = `Pod Template:
  Labels:  app=x
  Containers:
   c:
    Image:         busybox
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
`


describe('describeStatefulSet', () => {
  test('partition with max unavailable, claim templates with class annotation and default capacity', () => {
    const sts = {
      metadata: {name: 's', namespace: 'n', creationTimestamp: '2026-01-01T00:00:00Z'},
      spec: {replicas: 3, selector: {matchLabels: {app: 'x'}}, updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 1, maxUnavailable: '50%'}}, template,
        volumeClaimTemplates: [{metadata: {name: 'd', annotations: {'volume.beta.kubernetes.io/storage-class': 'slow'}}, spec: {storageClassName: 'fast', accessModes: ['ReadWriteOnce', 'ReadOnlyMany']}}]},
      status: {replicas: 2},
    }
    const pods = [{status: {phase: 'Running'}}, {status: {phase: 'Pending'}}]
    expect(describeStatefulSet(sts, {now, pods})).toBe(`Name:               s
Namespace:          n
CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
Selector:           app=x
Labels:             <none>
Annotations:        <none>
Replicas:           3 desired | 2 total
Update Strategy:    RollingUpdate
  Partition:        1
  MaxUnavailable:   50%
Pods Status:        1 Running / 1 Waiting / 0 Succeeded / 0 Failed
${templateText}Volume Claims:
  Name:          d
  StorageClass:  slow
  Labels:        <none>
  Annotations:   volume.beta.kubernetes.io/storage-class=slow
  Capacity:      <default>
  Access Modes:  [ReadWriteOnce ReadOnlyMany]
`)
  })
})

describe('describeJob', () => {
  test('indexed job: duration, deadline, no ready count, capped completed indexes', () => {
    const job = {
      metadata: {name: 'j', namespace: 'n', ownerReferences: [{controller: true, kind: 'CronJob', name: 'cj'}]},
      spec: {selector: {matchLabels: {'batch.kubernetes.io/controller-uid': 'u'}}, parallelism: 2, completions: 30, completionMode: 'Indexed', activeDeadlineSeconds: 60, template},
      status: {startTime: '2026-01-01T00:00:00Z', completionTime: '2026-01-01T00:01:30Z', succeeded: 30, completedIndexes: '0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,29,30,31,32,33'},
    }
    expect(describeJob(job, {now})).toBe(`Name:                     j
Namespace:                n
Selector:                 batch.kubernetes.io/controller-uid=u
Labels:                   <none>
Annotations:              <none>
Controlled By:            CronJob/cj
Parallelism:              2
Completions:              30
Completion Mode:          Indexed
Start Time:               Thu, 01 Jan 2026 00:00:00 +0000
Completed At:             Thu, 01 Jan 2026 00:01:30 +0000
Duration:                 90s
Active Deadline Seconds:  60s
Pods Statuses:            0 Active / 30 Succeeded / 0 Failed
Completed Indexes:        0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,29,30,31,32,...
${templateText}`)
  })
})

describe('describeCronJob', () => {
  test('unset fields, last schedule time and active jobs', () => {
    const cj = {
      metadata: {name: 'c', namespace: 'n'},
      spec: {schedule: '@daily', concurrencyPolicy: 'Replace', jobTemplate: {spec: {template}}},
      status: {lastScheduleTime: '2026-01-01T00:00:00Z', active: [{name: 'c-1'}, {name: 'c-2'}]},
    }
    expect(describeCronJob(cj, {now})).toBe(`Name:                          c
Namespace:                     n
Labels:                        <none>
Annotations:                   <none>
Schedule:                      @daily
Concurrency Policy:            Replace
Suspend:                       <unset>
Successful Job History Limit:  <unset>
Failed Job History Limit:      <unset>
Starting Deadline Seconds:     <unset>
Selector:                      <unset>
Parallelism:                   <unset>
Completions:                   <unset>
Pod Template:
  Labels:  app=x
  Containers:
   c:
    Image:           busybox
    Port:            <none>
    Host Port:       <none>
    Environment:     <none>
    Mounts:          <none>
  Volumes:           <none>
  Node-Selectors:    <none>
  Tolerations:       <none>
Last Schedule Time:  Thu, 01 Jan 2026 00:00:00 +0000
Active Jobs:         c-1, c-2
`)
  })
})
