import {RolloutMutateCommand} from '../../lib/rollout/mutate-command.js'

/** `kctl rollout pause`. */
export default class RolloutPause extends RolloutMutateCommand {
  static override summary = 'Mark the provided resource as paused'
  static override description = `Mark the provided resource as paused.

 Paused resources will not be reconciled by a controller. Use "kctl rollout resume" to resume a paused resource. Currently only deployments support being paused.`
  static override usage = 'rollout pause RESOURCE'
  static override examples = ['# Mark the nginx deployment as paused\n  # Any current state of the deployment will continue its function; new updates\n  # to the deployment will not have an effect as long as the deployment is paused\n  kctl rollout pause deployment/nginx']
  protected readonly verb = 'pause'
}
