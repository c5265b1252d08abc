import {Flags, BaseCommand} from '../lib/cli/base.js'
import {exposeOptions, runExpose} from '../lib/expose/expose.js'
import {parseDryRun} from '../lib/nodes/select.js'
import {readStream} from '../lib/resource/manifests.js'

export default class Expose extends BaseCommand {
  static override summary = 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service'
  static override description = `Expose a resource as a new Kubernetes service.

 Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the resource it exposes.

 Possible resources include (case insensitive):

 pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)`
  static override usage = 'expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type]'
  static override examples = [
    '# Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000\n  kctl expose rc nginx --port=80 --target-port=8000',
    '# Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"\n  kctl expose pod valid-pod --port=444 --name=frontend',
    '# Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000\n  kctl expose deployment nginx --port=80 --target-port=8000',
    '# Expose the nginx-app deployment on a port of every node\n  kctl expose deployment nginx-app --type=NodePort',
  ]
  static override strict = false
  static override flags = {
    filename: Flags.string({char: 'f', description: 'Filename, directory, or URL to files identifying the resource to expose a service', multiple: true, multipleNonGreedy: true}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively.'}),
    port: Flags.string({description: 'The port that the service should serve on. Copied from the resource being exposed, if unspecified'}),
    'target-port': Flags.string({description: 'Name or number for the port on the container that the service should direct traffic to. Optional.'}),
    protocol: Flags.string({description: 'The network protocol for the service to be created. Default is \'TCP\'.'}),
    type: Flags.string({description: "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'."}),
    name: Flags.string({description: 'The name for the newly created object.'}),
    selector: Flags.string({description: 'A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)'}),
    labels: Flags.string({char: 'l', description: 'Labels to apply to the service created by this call.'}),
    'external-ip': Flags.string({description: 'Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.'}),
    'load-balancer-ip': Flags.string({description: 'IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).'}),
    'session-affinity': Flags.string({description: "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'"}),
    'cluster-ip': Flags.string({description: "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service."}),
    overrides: Flags.string({description: 'An inline JSON override for the generated object.'}),
    'override-type': Flags.string({description: 'The method used to override the generated object: json, merge, or strategic.', options: ['json', 'merge', 'strategic'], default: 'merge'}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client".', options: ['none', 'server', 'client']}),
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).'}),
    'field-manager': Flags.string({description: 'Name of the manager used to track field ownership.', default: 'kubectl-expose'}),
  }

  async run(): Promise<void> {
    this.machineOutput(this.flagValues.output)
    const opts = exposeOptions(this.positionals, this.flagValues, parseDryRun(this.flagValues['dry-run']))
    await runExpose(await this.client(), opts, (s) => this.io.out.write(s), () => readStream(this.io.in))
  }
}
