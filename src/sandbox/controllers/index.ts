// kube-controller-manager and kube-scheduler for the sandbox: every controller runs in-process on the SandboxApi,
// driven by watch events through per-controller work queues (no polling, so an idle cluster costs no CPU).
import type {GVR, SandboxApi} from '../types.js'
import {GVRS} from '../types.js'
import {type ControllerOptions, Ctx} from './context.js'
import {CronJobController} from './cronjob.js'
import {DaemonSetController} from './daemonset.js'
import {DeploymentController} from './deployment.js'
import {EndpointsController} from './endpoints.js'
import {NamespaceDefaultsController} from './namespace.js'
import {NodeLifecycleController} from './node-lifecycle.js'
import {DisruptionController} from './pdb.js'
import {PodGCController} from './podgc.js'
import {JobController} from './job.js'
import {ReplicaSetController} from './replicaset.js'
import {Scheduler} from './scheduler.js'
import {StatefulSetController} from './statefulset.js'
import {PVS, PersistentVolumeController, SCS} from './storage.js'
import {TaintEvictionController} from './taint-eviction.js'

export type {ControllerOptions} from './context.js'

interface Controller {
  start(): void
  stop(): void
}

/** Starts the scheduler and all controllers; stop() unsubscribes every watch and cancels every timer. */
export function startControllers(api: SandboxApi, opts: ControllerOptions): {stop(): void} {
  const ctx = new Ctx(api, opts)
  const disabled = new Set(opts.disable ?? [])
  const factories: [string, () => Controller, ...GVR[]][] = [
    ['scheduler', () => new Scheduler(ctx), GVRS.pods, GVRS.nodes],
    ['taint-eviction', () => new TaintEvictionController(ctx), GVRS.pods, GVRS.nodes],
    ['node-lifecycle', () => new NodeLifecycleController(ctx), GVRS.nodes],
    ['podgc', () => new PodGCController(ctx), GVRS.pods, GVRS.nodes],
    ['replicaset', () => new ReplicaSetController(ctx, 'ReplicaSet'), GVRS.replicasets, GVRS.pods],
    ['replicationcontroller', () => new ReplicaSetController(ctx, 'ReplicationController'), GVRS.replicationcontrollers, GVRS.pods],
    ['deployment', () => new DeploymentController(ctx), GVRS.deployments, GVRS.replicasets, GVRS.pods],
    ['statefulset', () => new StatefulSetController(ctx), GVRS.statefulsets, GVRS.controllerrevisions, GVRS.pods],
    ['daemonset', () => new DaemonSetController(ctx), GVRS.daemonsets, GVRS.controllerrevisions, GVRS.pods, GVRS.nodes],
    ['job', () => new JobController(ctx), GVRS.jobs, GVRS.pods],
    ['cronjob', () => new CronJobController(ctx), GVRS.cronjobs, GVRS.jobs],
    ['endpoints', () => new EndpointsController(ctx), GVRS.services, GVRS.pods, GVRS.endpoints],
    ['namespace', () => new NamespaceDefaultsController(ctx), GVRS.namespaces, GVRS.serviceaccounts, GVRS.configmaps],
    ['disruption', () => new DisruptionController(ctx), GVRS.poddisruptionbudgets, GVRS.pods],
    ['persistentvolume-binder', () => new PersistentVolumeController(ctx), GVRS.persistentvolumeclaims, PVS, SCS, GVRS.pods, GVRS.nodes],
  ]
  const controllers: Controller[] = []
  for (const [name, make, ...needs] of factories) {
    if (disabled.has(name)) continue
    if (!needs.every((g) => ctx.serves(g))) {
      opts.log(`controllers: ${name} not started (API does not serve ${needs.filter((g) => !ctx.serves(g)).map((g) => g.resource).join(', ')})`)
      continue
    }
    controllers.push(make())
  }
  // informers first (they fill caches synchronously), then controllers enqueue their initial work
  ctx.startInformers()
  for (const c of controllers) c.start()
  return {
    stop() {
      for (const c of controllers) c.stop()
      ctx.stopInformers()
    },
  }
}
