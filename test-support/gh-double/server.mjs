// The HTTP server: routes each request to the first service that claims it, records it in stats,
// applies injected faults and the REST primary rate limit, parses bodies (twirp JSON, v1 JSON posts) and
// answers errors in the shape of the route's area (twirp, blob, v1, rest).
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { HttpError, parseJson, readBody } from './respond.mjs'

/**
 * Serves `services` (each with `route(method, pathname, query)` → route or undefined, in order) on
 * shared.host:port and sets shared.baseUrl. Returns the node server.
 */
export async function listen(shared, services, port = 0) {
  const { stats, faults, log, sendJson, sendError, sendFault } = shared
  const route = (method, pathname, query) => {
    for (const s of services) {
      const r = s.route(method, pathname, query)
      if (r) return r
    }
    return { area: 'rest', name: 'rest.unknown' }
  }

  const handle = async (req, res) => {
    const url = new URL(req.url ?? '/', shared.baseUrl)
    const r = route(req.method ?? 'GET', url.pathname, url.searchParams)
    const rec = stats.record({
      route: r.name,
      method: req.method ?? '',
      path: url.pathname + url.search,
      status: 0,
      start: Date.now(),
      end: 0
    })
    res.on('finish', () => {
      rec.status = res.statusCode
      rec.end = Date.now()
    })
    try {
      const body = await readBody(req)
      const { delayMs, answer } = faults.pick(r.name)
      if (delayMs) await sleep(delayMs)
      if (answer) {
        rec.fault = answer.type
        return sendFault(res, r.area, answer)
      }
      if (r.area === 'rest' && !r.free) {
        const st = shared.rateState()
        st.used++
        if (st.used > st.limit) {
          rec.fault = 'rate-limit'
          return sendFault(res, 'rest', {
            type: 'rate-limit',
            kind: 'primary',
            status: 403,
            retryAfter: Math.ceil((st.resetAt - Date.now()) / 1000)
          })
        }
      }
      const ctx = { req, res, url, query: url.searchParams, route: r }
      if (r.twirp) {
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
          throw new HttpError(404, 'only application/json twirp requests are served', {
            twirpCode: 'bad_route'
          })
        }
        return sendJson(res, 200, await r.twirp(ctx, parseJson(body)))
      }
      if (!r.fn) {
        throw new HttpError(404, 'Not Found', { twirpCode: 'bad_route', azureCode: 'UnsupportedHttpVerb' })
      }
      const parsed = r.json && req.method === 'POST' ? parseJson(body) : body
      await r.fn(ctx, parsed, r.arg)
    } catch (err) {
      if (!(err instanceof HttpError)) log(`double: ${err?.stack ?? err}`)
      if (!res.headersSent)
        sendError(
          res,
          r.area,
          err instanceof HttpError ? err : new HttpError(500, String(err?.message ?? err)),
          err instanceof HttpError ? err.headers : undefined
        )
      else res.destroy()
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  server.keepAliveTimeout = 5000
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, shared.host, () => resolve(undefined))
  })
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const host = shared.host
  shared.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
  return server
}
