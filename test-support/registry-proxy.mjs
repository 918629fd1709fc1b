// An HTTP proxy in front of the e2e registry that can fail chosen requests: the registry faults the
// merge and the cache export must survive or report (a 503 once, a 500 always on one tag's manifest
// PUT). Everything else is forwarded byte for byte, bodies streamed both ways, headers as they came;
// the Host header too, so the registry's upload Location URLs point back through the proxy.
// Docker and BuildKit speak plain HTTP to it: `localhost:<port>` is on loopback, insecure by default.
import { createServer, request as forward } from 'node:http'

/**
 * @param {string} upstream the registry, `localhost:5555` (E2E_REGISTRY)
 * @returns {Promise<import('./registry-proxy.d.mts').RegistryProxy>}
 */
export async function startRegistryProxy(upstream) {
  const [host, port] = upstream.replace(/^localhost\b/, '127.0.0.1').split(':')
  /** @type {{ method: string, path: string, status: number, count: number, fired: number }[]} */
  const faults = []
  /** @type {{ method: string, path: string, status: number, injected: boolean }[]} */
  const requests = []

  const server = createServer((req, res) => {
    const path = req.url.split('?')[0]
    const fault = faults.find(f => f.method === req.method && f.path === path && f.fired < f.count)
    if (fault) {
      fault.fired++
      requests.push({ method: req.method, path, status: fault.status, injected: true })
      // Read the body first: a client still sending may otherwise see a reset instead of the answer.
      req.resume()
      req.on('end', () => {
        const body = JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'injected by the test proxy' }] })
        res.writeHead(fault.status, { 'Content-Type': 'application/json', 'Content-Length': body.length })
        res.end(body)
      })
      return
    }
    const out = forward({ host, port, method: req.method, path: req.url, headers: req.rawHeaders }, up => {
      requests.push({ method: req.method, path, status: up.statusCode, injected: false })
      res.writeHead(up.statusCode, up.statusMessage, up.rawHeaders)
      up.pipe(res)
    })
    out.on('error', e => res.destroy(e))
    req.pipe(out)
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))

  return {
    host: `localhost:${server.address().port}`,
    requests,
    fail(method, path, status, count = Infinity) {
      faults.push({ method, path, status, count, fired: 0 })
    },
    clear() {
      faults.length = 0
      requests.length = 0
    },
    close() {
      server.closeAllConnections()
      return new Promise(resolve => server.close(() => resolve()))
    }
  }
}
