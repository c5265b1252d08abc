import {Flags, BaseCommand, parseDuration} from '../lib/cli/base.js'
import {runOptions, runRun} from '../lib/run/run.js'
import {parseDryRun} from '../lib/nodes/select.js'

export default class Run extends BaseCommand {
  static override summary = 'Run a particular image on the cluster'
  static override description = 'Create and run a particular image in a pod.'
  static override usage = 'run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]'
  static override examples = [
    '# Start a nginx pod\n  kctl run nginx --image=nginx',
    '# Start a hazelcast pod and let the container expose port 5701\n  kctl run hazelcast --image=hazelcast/hazelcast --port=5701',
    '# Start a hazelcast pod and set environment variables "DNS_DOMAIN=cluster" and "POD_NAMESPACE=default" in the container\n  kctl run hazelcast --image=hazelcast/hazelcast --env="DNS_DOMAIN=cluster" --env="POD_NAMESPACE=default"',
    '# Start a hazelcast pod and set labels "app=hazelcast" and "env=prod" in the container\n  kctl run hazelcast --image=hazelcast/hazelcast --labels="app=hazelcast,env=prod"',
    '# Dry run; print the corresponding API objects without creating them\n  kctl run nginx --image=nginx --dry-run=client',
    '# Start a nginx pod, but overload the spec with a partial set of values parsed from JSON\n  kctl run nginx --image=nginx --overrides=\'{ "apiVersion": "v1", "spec": { ... } }\'',
    '# Start a busybox pod and keep it in the foreground, don\'t restart it if it exits\n  kctl run -i -t busybox --image=busybox --restart=Never',
    '# Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command\n  kctl run nginx --image=nginx -- <arg1> <arg2> ... <argN>',
    '# Start the nginx pod using a different command and custom arguments\n  kctl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>',
  ]
  static override strict = false
  static override flags = {
    image: Flags.string({description: 'The image for the container to run.'}),
    port: Flags.string({description: 'The port that this container exposes.'}),
    env: Flags.string({description: 'Environment variables to set in the container.', multiple: true, multipleNonGreedy: true}),
    labels: Flags.string({char: 'l', description: 'Comma separated labels to apply to the pod. Will override previous values.'}),
    annotations: Flags.string({description: 'Annotations to apply to the pod.', multiple: true, multipleNonGreedy: true}),
    restart: Flags.string({description: "The restart policy for this Pod.  Legal values [Always, OnFailure, Never]."}),
    'image-pull-policy': Flags.string({description: 'The image pull policy for the container.'}),
    command: Flags.boolean({description: 'If true and extra arguments are present, use them as the \'command\' field in the container, rather than the \'args\' field which is the default.'}),
    overrides: Flags.string({description: 'An inline JSON override for the generated object.'}),
    'override-type': Flags.string({description: 'The method used to override the generated object: json, merge, or strategic.', options: ['json', 'merge', 'strategic'], default: 'merge'}),
    expose: Flags.boolean({description: 'If true, create a ClusterIP service associated with the pod.  Requires `--port`.'}),
    privileged: Flags.boolean({description: 'If true, run the container in privileged mode.'}),
    stdin: Flags.boolean({char: 'i', description: 'Keep stdin open on the container in the pod, even if nothing is attached.'}),
    tty: Flags.boolean({char: 't', description: 'Allocate a TTY for the container in the pod.'}),
    attach: Flags.boolean({description: 'If true, wait for the Pod to start running, and then attach to the Pod as if \'kubectl attach ...\' were called.', allowNo: true}),
    rm: Flags.boolean({description: 'If true, delete the pod after it exits.  Only valid when attaching to the container.'}),
    quiet: Flags.boolean({char: 'q', description: 'If true, suppress prompt messages.'}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client".', options: ['none', 'server', 'client']}),
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).'}),
    'field-manager': Flags.string({description: 'Name of the manager used to track field ownership.', default: 'kubectl-run'}),
    'pod-running-timeout': Flags.string({description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', default: '1m0s'}),
  }

  async run(): Promise<void> {
    this.machineOutput(this.flagValues.output)
    const opts = runOptions(this.positionals, this.dashArgs, this.flagValues, parseDryRun(this.flagValues['dry-run']))
    opts.quiet = Boolean(this.flagValues.quiet)
    await runRun(await this.client(), opts, (s) => this.io.out.write(s), this.io, parseDuration(this.flagValues['pod-running-timeout'], 'pod-running-timeout'))
  }
}
