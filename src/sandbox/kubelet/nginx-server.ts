// The "nginx" binary of the sandbox's nginx image: serves the html root over HTTP and logs like nginx.
// Runs inside the container as its own process, so it imports nothing from the sandbox.
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as path from 'node:path'

const VERSION = '1.27.3'
const root = process.env.KCTL_HTML_ROOT || '/usr/share/nginx/html'
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function errorTime(d = new Date()): string {
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

function localTime(d = new Date()): string {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
}

function notice(msg: string): void {
  process.stderr.write(`${errorTime()} [notice] 1#1: ${msg}\n`)
}

function errorPage(code: number, text: string): string {
  return `<html>\r\n<head><title>${code} ${text}</title></head>\r\n<body>\r\n<center><h1>${code} ${text}</h1></center>\r\n<hr><center>nginx/${VERSION}</center>\r\n</body>\r\n</html>\r\n`
}

const args = process.argv.slice(2)
if (args.includes('-v') || args.includes('-V')) {
  process.stderr.write(`nginx version: nginx/${VERSION}\n`)
  process.exit(0)
}
if (args.includes('-t')) {
  process.stderr.write('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n')
  process.exit(0)
}

// Container ports are remapped to free host ports by the kubelet: "80=34567,8080=34568".
const mapping = (process.env.KCTL_PORTS || '80=8080').split(',').filter(Boolean).map(p => p.split('=').map(Number) as [number, number])

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  let status = 200
  let body: Buffer | string = ''
  const headers: Record<string, string> = {Server: `nginx/${VERSION}`, Date: new Date().toUTCString()}
  const urlPath = decodeURIComponent((req.url || '/').split('?')[0])
  let file = path.join(root, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''))
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html')
    const st = fs.statSync(file)
    body = fs.readFileSync(file)
    headers['Content-Type'] = file.endsWith('.html') ? 'text/html' : 'application/octet-stream'
    headers['Last-Modified'] = st.mtime.toUTCString()
    headers.ETag = `"${Math.floor(st.mtimeMs / 1000).toString(16)}-${st.size.toString(16)}"`
    headers['Accept-Ranges'] = 'bytes'
  } catch {
    status = 404
    body = errorPage(404, 'Not Found')
    headers['Content-Type'] = 'text/html'
    process.stderr.write(`${errorTime()} [error] 29#29: *1 open() "${file}" failed (2: No such file or directory), client: ${req.socket.remoteAddress?.replace(/^::ffff:/, '')}, server: localhost, request: "${req.method} ${req.url} HTTP/${req.httpVersion}", host: "${req.headers.host ?? ''}"\n`)
  }
  const len = Buffer.byteLength(body)
  headers['Content-Length'] = String(len)
  res.writeHead(status, headers)
  res.end(req.method === 'HEAD' ? undefined : body)
  const ua = req.headers['user-agent'] ?? '-'
  const ref = req.headers.referer ?? '-'
  const xff = (req.headers['x-forwarded-for'] as string | undefined) ?? '-'
  const addr = (req.socket.remoteAddress || '127.0.0.1').replace(/^::ffff:/, '')
  process.stdout.write(`${addr} - - [${localTime()}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${req.method === 'HEAD' ? 0 : len} "${ref}" "${ua}" "${xff}"\n`)
}

notice('using the "epoll" event method')
notice(`nginx/${VERSION}`)
notice('built by gcc 12.2.0 (Debian 12.2.0-14) ')
notice(`OS: Linux ${fs.existsSync('/proc/sys/kernel/osrelease') ? fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim() : '6.1.0'}`)
notice('getrlimit(RLIMIT_NOFILE): 1048576:1048576')
notice('start worker processes')
notice('start worker process 29')

const servers: http.Server[] = []
for (const [, hostPort] of mapping) {
  const s = http.createServer(handler)
  s.keepAliveTimeout = 65000
  s.on('error', err => {
    process.stderr.write(`${errorTime()} [emerg] 1#1: bind() to 0.0.0.0:${hostPort} failed (98: ${(err as Error).message})\n`)
    process.exit(1)
  })
  s.listen(hostPort, '127.0.0.1')
  servers.push(s)
}

function stop(sig: string, num: number): void {
  const graceful = sig !== 'SIGINT'
  notice(`signal ${num} (${sig}) received${graceful ? ' from 1' : ''}, ${sig === 'SIGQUIT' ? 'shutting down' : 'exiting'}`)
  const worker = (m: string) => process.stderr.write(`${errorTime()} [notice] 29#29: ${m}\n`)
  if (sig === 'SIGQUIT') worker('gracefully shutting down')
  worker('exiting')
  worker('exit')
  notice('signal 17 (SIGCHLD) received from 29')
  notice('worker process 29 exited with code 0')
  notice('exit')
  for (const s of servers) s.close()
  process.exit(0)
}
process.on('SIGTERM', () => stop('SIGTERM', 15))
process.on('SIGQUIT', () => stop('SIGQUIT', 3))
process.on('SIGINT', () => stop('SIGINT', 2))
