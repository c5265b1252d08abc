// Every command, by oclif id, for the bundle (dist/kctl.cjs): package.json points oclif's "explicit" command discovery
// here. Each entry is a getter that evaluates its command's module on first use, so a start evaluates only the command
// being run and what it imports. `require` (not import) because oclif reads the table synchronously; esbuild turns
// each call into a lazy module initialiser. This file runs only inside the bundle, never as a plain ES module.
// test/unit/cli-commands.test.ts keeps it in step with src/commands/.

/** oclif id → command class, loaded on first access. */
export const COMMANDS: Record<string, unknown> = lazyTable({
  'annotate': () => require('../../commands/annotate.js'),
  'api-resources': () => require('../../commands/api-resources.js'),
  'api-versions': () => require('../../commands/api-versions.js'),
  'apply': () => require('../../commands/apply.js'),
  'apply:view-last-applied': () => require('../../commands/apply/view-last-applied.js'),
  'attach': () => require('../../commands/attach.js'),
  'cluster-info': () => require('../../commands/cluster-info.js'),
  'completion': () => require('../../commands/completion.js'),
  'config:current-context': () => require('../../commands/config/current-context.js'),
  'config:delete-cluster': () => require('../../commands/config/delete-cluster.js'),
  'config:delete-context': () => require('../../commands/config/delete-context.js'),
  'config:delete-user': () => require('../../commands/config/delete-user.js'),
  'config:get-clusters': () => require('../../commands/config/get-clusters.js'),
  'config:get-contexts': () => require('../../commands/config/get-contexts.js'),
  'config:get-users': () => require('../../commands/config/get-users.js'),
  'config:rename-context': () => require('../../commands/config/rename-context.js'),
  'config:set-cluster': () => require('../../commands/config/set-cluster.js'),
  'config:set-context': () => require('../../commands/config/set-context.js'),
  'config:set-credentials': () => require('../../commands/config/set-credentials.js'),
  'config:use-context': () => require('../../commands/config/use-context.js'),
  'config:view': () => require('../../commands/config/view.js'),
  'cordon': () => require('../../commands/cordon.js'),
  'cp': () => require('../../commands/cp.js'),
  'create': () => require('../../commands/create.js'),
  'create:configmap': () => require('../../commands/create/configmap.js'),
  'create:deployment': () => require('../../commands/create/deployment.js'),
  'create:namespace': () => require('../../commands/create/namespace.js'),
  'create:secret:generic': () => require('../../commands/create/secret/generic.js'),
  'create:service:clusterip': () => require('../../commands/create/service/clusterip.js'),
  'create:service:externalname': () => require('../../commands/create/service/externalname.js'),
  'create:service:loadbalancer': () => require('../../commands/create/service/loadbalancer.js'),
  'create:service:nodeport': () => require('../../commands/create/service/nodeport.js'),
  'delete': () => require('../../commands/delete.js'),
  'describe': () => require('../../commands/describe.js'),
  'drain': () => require('../../commands/drain.js'),
  'exec': () => require('../../commands/exec.js'),
  'expose': () => require('../../commands/expose.js'),
  'get': () => require('../../commands/get.js'),
  'help': () => require('../../commands/help.js'),
  'label': () => require('../../commands/label.js'),
  'logs': () => require('../../commands/logs.js'),
  'options': () => require('../../commands/options.js'),
  'patch': () => require('../../commands/patch.js'),
  'port-forward': () => require('../../commands/port-forward.js'),
  'rollout:history': () => require('../../commands/rollout/history.js'),
  'rollout:pause': () => require('../../commands/rollout/pause.js'),
  'rollout:restart': () => require('../../commands/rollout/restart.js'),
  'rollout:resume': () => require('../../commands/rollout/resume.js'),
  'rollout:status': () => require('../../commands/rollout/status.js'),
  'rollout:undo': () => require('../../commands/rollout/undo.js'),
  'run': () => require('../../commands/run.js'),
  'sandbox:delete': () => require('../../commands/sandbox/delete.js'),
  'sandbox:logs': () => require('../../commands/sandbox/logs.js'),
  'sandbox:start': () => require('../../commands/sandbox/start.js'),
  'sandbox:status': () => require('../../commands/sandbox/status.js'),
  'sandbox:stop': () => require('../../commands/sandbox/stop.js'),
  'scale': () => require('../../commands/scale.js'),
  'taint': () => require('../../commands/taint.js'),
  'top': () => require('../../commands/top/index.js'),
  'top:node': () => require('../../commands/top/node.js'),
  'top:pod': () => require('../../commands/top/pod.js'),
  'uncordon': () => require('../../commands/uncordon.js'),
  'version': () => require('../../commands/version.js'),
  'wait': () => require('../../commands/wait.js'),
})

function lazyTable(loaders: Record<string, () => {default: unknown}>): Record<string, unknown> {
  const table: Record<string, unknown> = {}
  for (const [id, load] of Object.entries(loaders)) Object.defineProperty(table, id, {enumerable: true, get: () => load().default})
  return table
}
