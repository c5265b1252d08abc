// The image catalogue: what each known image puts in a container's filesystem and what it runs by default.
import {createHash} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {fileURLToPath} from 'node:url'
import {prepareRootfs} from './runtime.js'

/** A parsed image reference. */
export interface ImageRef {
  /** As written in the pod spec. */
  raw: string
  /** Short repository name without registry or library/ ("nginx", "bitnami/redis"). */
  repo: string
  tag: string
  /** Fully qualified name, as containerd reports it. */
  full: string
}

/** Parse `nginx`, `nginx:1.27`, `docker.io/library/nginx@sha256:…`, `registry.k8s.io/pause:3.10`. */
export function parseImage(raw: string): ImageRef {
  let rest = raw
  let digest = ''
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag = ''
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  const parts = rest.split('/')
  let registry = 'docker.io'
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) registry = parts.shift()!
  let repo = parts.join('/')
  if (registry === 'docker.io' && !repo.includes('/')) repo = `library/${repo}`
  const short = repo.replace(/^library\//, '')
  if (!tag) tag = digest ? '' : 'latest'
  return {raw, repo: short, tag, full: `${registry}/${repo}${tag ? ':' + tag : ''}${digest ? '@' + digest : ''}`}
}

/** What an image contributes. */
export interface ImageSpec {
  entrypoint: string[]
  cmd: string[]
  env: Record<string, string>
  workingDir: string
  /** Bytes the "pull" reports. */
  size: number
  /** Ports the image listens on by default (nginx: 80). */
  defaultPorts: number[]
  /** Whether the main process serves HTTP on its ports (readiness = port answers). */
  serves: boolean
  seed(rootfs: string): void
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

const WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`

const ENTRYPOINT = `#!/bin/sh
# vim:sw=4:ts=4:et

set -e

entrypoint_log() {
    if [ -z "\${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$@"
    fi
}

if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    entrypoint_log "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
    entrypoint_log "$0: Looking for shell scripts in /docker-entrypoint.d/"
    entrypoint_log "$0: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"
    entrypoint_log "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf"
    entrypoint_log "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"
    entrypoint_log "$0: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"
    entrypoint_log "$0: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"
    entrypoint_log "$0: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"
    entrypoint_log "$0: Configuration complete; ready for start up"
fi

exec "$@"
`

const DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`

const FIFTY_X = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`

/** Path of the compiled nginx server script (next to this module). */
export const NGINX_SERVER_JS = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const beside = path.join(here, 'nginx-server.js')
  // Under ts-jest this module runs from src/, where only the compiled copy in dist/ is runnable.
  return fs.existsSync(beside) ? beside : path.resolve(here, '../../../dist/sandbox/kubelet/nginx-server.js')
})()
/** Where the nginx server script appears inside a container. */
export const NGINX_SERVER_IN_CONTAINER = '/usr/local/lib/kctl/nginx.mjs'

function write(rootfs: string, p: string, content: string, mode = 0o644): void {
  const f = path.join(rootfs, p)
  fs.mkdirSync(path.dirname(f), {recursive: true})
  fs.writeFileSync(f, content, {mode})
}

function baseSeed(rootfs: string, osRelease: string): void {
  prepareRootfs(rootfs)
  write(rootfs, 'etc/os-release', osRelease)
  write(rootfs, 'etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n')
  write(rootfs, 'etc/group', 'root:x:0:\nnogroup:x:65534:\n')
}

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'

const CATALOGUE: Record<string, () => ImageSpec> = {
  nginx: () => ({
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: {PATH, NGINX_VERSION: '1.27.3', NJS_VERSION: '0.8.7', NJS_RELEASE: '1~bookworm', PKG_RELEASE: '1~bookworm', DYNPKG_RELEASE: '1~bookworm'},
    workingDir: '/',
    size: 72195292,
    defaultPorts: [80],
    serves: true,
    seed(rootfs) {
      baseSeed(rootfs, DEBIAN)
      write(rootfs, 'usr/share/nginx/html/index.html', WELCOME)
      write(rootfs, 'usr/share/nginx/html/50x.html', FIFTY_X)
      write(rootfs, 'etc/nginx/conf.d/default.conf', DEFAULT_CONF)
      write(rootfs, 'etc/nginx/nginx.conf', 'user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    access_log  /var/log/nginx/access.log  main;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n')
      write(rootfs, 'docker-entrypoint.sh', ENTRYPOINT, 0o755)
      fs.mkdirSync(path.join(rootfs, 'docker-entrypoint.d'), {recursive: true})
      fs.mkdirSync(path.join(rootfs, 'var/log/nginx'), {recursive: true})
      fs.mkdirSync(path.join(rootfs, 'usr/local/lib/kctl'), {recursive: true})
      const nodeBin = process.execPath
      write(rootfs, 'usr/local/sbin/nginx', `#!/bin/sh\nexec ${nodeBin} ${NGINX_SERVER_IN_CONTAINER} "$@"\n`, 0o755)
      // The bind target must exist for bwrap; outside bwrap the script runs from its real path.
      write(rootfs, NGINX_SERVER_IN_CONTAINER.slice(1), '')
    },
  }),
  busybox: () => ({
    entrypoint: [],
    cmd: ['sh'],
    env: {PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'},
    workingDir: '/',
    size: 2166802,
    defaultPorts: [],
    serves: false,
    seed(rootfs) {
      baseSeed(rootfs, 'NAME=BusyBox\nID=busybox\n')
    },
  }),
  alpine: () => ({
    entrypoint: [],
    cmd: ['/bin/sh'],
    env: {PATH},
    workingDir: '/',
    size: 3653068,
    defaultPorts: [],
    serves: false,
    seed(rootfs) {
      baseSeed(rootfs, 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.2\nPRETTY_NAME="Alpine Linux v3.21"\n')
    },
  }),
}

/** Images we do not know run a long-lived process that exits cleanly on SIGTERM. */
function genericImage(): ImageSpec {
  return {
    entrypoint: [],
    cmd: ['/bin/sh', '-c', "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"],
    env: {PATH},
    workingDir: '/',
    size: 31457280,
    defaultPorts: [],
    serves: false,
    seed(rootfs) {
      baseSeed(rootfs, DEBIAN)
    },
  }
}

/** Look an image up in the catalogue. */
export function imageSpec(ref: ImageRef): ImageSpec {
  const base = ref.repo.split('/').pop() ?? ref.repo
  const make = CATALOGUE[ref.repo] ?? CATALOGUE[base]
  return make ? make() : genericImage()
}

/** The image digest a runtime would report (stable per reference). */
export function imageDigest(ref: ImageRef): string {
  return 'sha256:' + createHash('sha256').update(`kctl-image:${ref.repo}:${ref.tag}`).digest('hex')
}

/** containerStatuses[].imageID. */
export function imageID(ref: ImageRef): string {
  return `${ref.full.split('@')[0].replace(/:[^:/]+$/, '')}@${imageDigest(ref)}`
}
