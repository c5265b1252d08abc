import {RolloutMutateCommand} from '../../lib/rollout/mutate-command.js'

/** `kctl rollout resume`. */
export default class RolloutResume extends RolloutMutateCommand {
  static override summary = 'Resume a paused resource'
  static override description = `Resume a paused resource.

 Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.`
  static override usage = 'rollout resume RESOURCE'
  static override examples = ['# Resume an already paused deployment\n  kctl rollout resume deployment/nginx']
  protected readonly verb = 'resume'
}
