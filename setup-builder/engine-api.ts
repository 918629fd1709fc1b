// The docker driver's builder, read from the engine itself: the Docker API on its unix socket, and the
// engine's BuildKit through the API's /grpc endpoint (an HTTP upgrade to h2c, as buildx's docker driver
// dials it), asking BuildKit's Control service for its workers and its version — what
// `docker buildx inspect` asks, without a buildx process of about 100 ms (npm run bench).
//
// Only the plain case takes this path: a unix socket, no TLS, the context's own builder. Anything else,
// and any surprise on the wire, returns undefined and the caller runs `buildx inspect`.
// node:http2 and node:net load when asked for (http2 brings tls and assert: tens of ms of start-up
// that a step taking another path should not pay).
import { existsSync } from 'node:fs'
import type { ClientHttp2Session } from 'node:http2'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import { buildxInstanceFile, contextDir, DEFAULT_DOCKER_HOST, type BuilderInfo } from '../lib/buildx.js'
import { readOrUndefined } from '../lib/files.js'
import { decodeInfo, decodeWorkers, formatPlatform, type Worker } from './buildkit-proto.js'

type Read = (path: string) => string | undefined

/** How long the engine gets to answer before the caller falls back to buildx. */
const TIMEOUT_MS = 5000

/**
 * The unix socket of a docker context's engine, when it is a plain one: DOCKER_HOST for the default
 * context (or the CLI's default socket), the context's docker endpoint otherwise. Undefined for TCP,
 * SSH, TLS and anything the context store does not say plainly.
 */
export function engineSocket(
  context: string,
  env: NodeJS.ProcessEnv,
  read: Read = readOrUndefined
): string | undefined {
  let host: unknown
  if (context === 'default') {
    if (env.DOCKER_TLS_VERIFY || env.DOCKER_CERT_PATH) return undefined
    host = env.DOCKER_HOST || DEFAULT_DOCKER_HOST
  } else {
    if (existsSync(contextDir(env, 'tls', context))) return undefined
    try {
      host = JSON.parse(read(join(contextDir(env, 'meta', context), 'meta.json')) ?? '')?.Endpoints?.docker
        ?.Host
    } catch {
      return undefined
    }
  }
  return typeof host === 'string' && host.startsWith('unix://') && host.length > 7 ? host.slice(7) : undefined
}

/** Whether buildx's store holds a builder of this name (it would then be that one, not the context's). */
export const storedBuilder = (name: string, env: NodeJS.ProcessEnv): boolean =>
  existsSync(buildxInstanceFile(env, name))

/**
 * The context's own builder (docker driver) as `buildx inspect <context>` reports it: its BuildKit
 * version, the platforms of its workers (first seen first, each once) and the first worker's labels.
 * Undefined when the engine cannot be asked plainly (see engineSocket) or answers unexpectedly.
 */
export async function dockerDriverBuilder(
  context: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<BuilderInfo | undefined> {
  const socket = engineSocket(context, env)
  if (!socket || storedBuilder(context, env)) return undefined
  try {
    const [workers, version] = await buildkitFacts(socket)
    if (!workers.length) return undefined
    const platforms = [...new Set(workers.flatMap(w => w.platforms.map(formatPlatform)))]
    return {
      name: context,
      driver: 'docker',
      nodes: [
        {
          name: context,
          endpoint: context,
          status: 'running',
          buildkitVersion: version,
          platforms,
          flags: '',
          driverOpts: [],
          labels: workers[0].labels
        }
      ]
    }
  } catch {
    return undefined
  }
}

/** Whether the engine keeps images in containerd (`docker info`'s DriverStatus names the snapshotter),
 * from the API's /info; undefined when the engine cannot be asked plainly. */
export async function engineUsesContainerdStore(
  context: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<boolean | undefined> {
  const socketPath = engineSocket(context, env)
  if (!socketPath) return undefined
  const { request } = await import('node:http')
  return new Promise(resolve => {
    const req = request({ socketPath, path: '/info', timeout: TIMEOUT_MS }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        try {
          const status: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))?.DriverStatus
          resolve(
            res.statusCode === 200
              ? JSON.stringify(status ?? null).includes('io.containerd.snapshotter')
              : undefined
          )
        } catch {
          resolve(undefined)
        }
      })
      res.on('error', () => resolve(undefined))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(undefined))
    req.end()
  })
}

/** ListWorkers and Info of the engine's BuildKit, over one upgraded connection. */
async function buildkitFacts(socket: string): Promise<[Worker[], string]> {
  // The connection is asked for first: node:http2 (about 8 ms to load) loads while the engine answers.
  const { connect: net } = await import('node:net')
  const upgraded = upgrade(socket, net)
  upgraded.catch(() => undefined) // awaited below, once node:http2 is there
  const { connect: http2 } = await import('node:http2')
  const conn = await upgraded
  const session = http2('http://docker', { createConnection: () => conn })
  session.on('error', () => undefined) // each call rejects on its own
  const timer = setTimeout(() => session.destroy(new Error('the engine did not answer')), TIMEOUT_MS)
  try {
    const [workers, info] = await Promise.all([
      unary(session, '/moby.buildkit.v1.Control/ListWorkers'),
      unary(session, '/moby.buildkit.v1.Control/Info')
    ])
    return [decodeWorkers(workers), decodeInfo(info)]
  } finally {
    clearTimeout(timer)
    session.destroy()
    conn.destroy()
  }
}

/** The API's /grpc endpoint: an HTTP/1.1 upgrade to h2c on the engine's socket (101, then HTTP/2). */
function upgrade(path: string, net: (path: string) => Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const conn = net(path)
    const timer = setTimeout(() => conn.destroy(new Error('the engine did not answer')), TIMEOUT_MS)
    let head = Buffer.alloc(0)
    const fail = (e: Error) => (clearTimeout(timer), reject(e))
    conn.once('error', fail)
    conn.on('connect', () =>
      conn.write('POST /grpc HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n')
    )
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) {
        if (head.length > 16384) conn.destroy(new Error('no end to the engine’s answer'))
        return
      }
      conn.off('data', onData)
      conn.off('error', fail)
      clearTimeout(timer)
      if (!/^HTTP\/1\.[01] 101 /.test(head.toString('latin1', 0, end))) {
        conn.destroy()
        return reject(new Error(`the engine refused the upgrade: ${head.toString('latin1', 0, 40)}`))
      }
      conn.pause()
      const rest = head.subarray(end + 4)
      if (rest.length) conn.unshift(rest)
      resolve(conn)
    }
    conn.on('data', onData)
  })
}

/** One unary gRPC call with an empty request; the response message's bytes. */
function unary(session: ClientHttp2Session, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers'
    })
    const chunks: Buffer[] = []
    let status: string | undefined
    req.on('response', headers => {
      if (headers['grpc-status'] !== undefined) status = String(headers['grpc-status'])
    })
    req.on('trailers', trailers => (status = String(trailers['grpc-status'] ?? '')))
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('error', reject)
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      if (status !== '0') return reject(new Error(`${path}: grpc-status ${status}`))
      // One length-prefixed message: a compression flag (0), then a big-endian length.
      if (body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5)
        return reject(new Error(`${path}: not one uncompressed message`))
      resolve(body.subarray(5))
    })
    req.end(Buffer.alloc(5)) // an empty request message
  })
}
