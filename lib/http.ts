// One HTTP request through node:http / node:https. The cache service's requests sit on a matrix leg's
// critical path: the global fetch loads undici on its first use (about 60–150 ms on this project's
// bench machine, for three requests), node:http is already there. An `https_proxy` / `http_proxy`
// (without the host in `no_proxy`) is honoured as the runner's toolkit honours it: a CONNECT tunnel for
// https, an absolute URL through the proxy for http. node:https and node:tls load on the first https
// request only (a loopback cache service speaks plain http).
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'

type RequestOptions = import('node:https').RequestOptions
const httpsRequest = (
  url: URL,
  options: RequestOptions,
  cb: (res: import('node:http').IncomingMessage) => void
) => process.getBuiltinModule('node:https').request(url, options, cb)
const tlsConnect = (o: import('node:tls').ConnectionOptions) =>
  process.getBuiltinModule('node:tls').connect(o)

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface HttpInit {
  method?: string
  headers?: Record<string, string>
  body?: Buffer | string
}

export type Http = (url: string, init?: HttpInit) => Promise<HttpResponse>

const TIMEOUT_MS = 60_000

/** The proxy for `url` from the environment, as @actions/http-client reads it; undefined for none. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const https = url.protocol === 'https:'
  const raw = https ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY
  if (!raw) return undefined
  const host = url.hostname.toLowerCase()
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]') return undefined
  const port = url.port || (https ? '443' : '80')
  const bypass = (env.no_proxy || env.NO_PROXY || '')
    .split(',')
    .map(s => s.trim().toLowerCase())
    .filter(Boolean)
  const skip = bypass.some(b => {
    if (b === '*' || b === `${host}:${port}`) return true
    const name = b.replace(/^\*?\./, '')
    return host === name || host.endsWith(`.${name}`)
  })
  return skip ? undefined : new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`)
}

const proxyAuth = (p: URL): Record<string, string> =>
  p.username
    ? {
        'Proxy-Authorization': `Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString('base64')}`
      }
    : {}

export const http: Http = (url, init = {}) =>
  new Promise((resolve, reject) => {
    const u = new URL(url)
    const body = init.body === undefined ? undefined : Buffer.from(init.body)
    const headers = { ...init.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) }
    const options = { method: init.method ?? 'GET', headers, timeout: TIMEOUT_MS }
    const proxy = proxyFor(u)
    const onResponse = (res: import('node:http').IncomingMessage) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
      )
    }
    const send = (req: import('node:http').ClientRequest) => {
      req.on('timeout', () => req.destroy(new Error(`no answer from ${u.host} in ${TIMEOUT_MS / 1000}s`)))
      req.on('error', reject)
      req.end(body)
    }
    if (!proxy) return send((u.protocol === 'https:' ? httpsRequest : httpRequest)(u, options, onResponse))
    if (u.protocol !== 'https:')
      return send(
        httpRequest(
          proxy,
          { ...options, path: u.href, headers: { ...headers, ...proxyAuth(proxy), Host: u.host } },
          onResponse
        )
      )
    const tunnel = httpRequest(proxy, {
      method: 'CONNECT',
      path: `${u.hostname}:${u.port || 443}`,
      headers: { Host: `${u.hostname}:${u.port || 443}`, ...proxyAuth(proxy) },
      timeout: TIMEOUT_MS
    })
    tunnel.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy()
        return reject(new Error(`proxy ${proxy.host} refused the tunnel to ${u.host}: ${res.statusCode}`))
      }
      const createConnection = () => tlsConnect({ socket, servername: u.hostname })
      send(httpsRequest(u, { ...options, createConnection, agent: false }, onResponse))
    })
    tunnel.on('timeout', () => tunnel.destroy(new Error(`no answer from proxy ${proxy.host}`)))
    tunnel.on('error', reject)
    tunnel.end()
  })
