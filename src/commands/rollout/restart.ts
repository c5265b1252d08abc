import {RolloutMutateCommand} from '../../lib/rollout/mutate-command.js'

/** `kctl rollout restart`. */
export default class RolloutRestart extends RolloutMutateCommand {
  static override summary = 'Restart a resource'
  static override description = `Restart a resource.

        Resource rollout will be restarted.`
  static override usage = 'rollout restart RESOURCE'
  static override examples = ['# Restart all deployments in the test-namespace namespace\n  kctl rollout restart deployment -n test-namespace', '# Restart a deployment\n  kctl rollout restart deployment/nginx', '# Restart a daemon set\n  kctl rollout restart daemonset/abc', '# Restart deployments with the app=nginx label\n  kctl rollout restart deployment --selector=app=nginx']
  protected readonly verb = 'restart'
}
