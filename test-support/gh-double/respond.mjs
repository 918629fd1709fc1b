// Request parsing and the answers every service shares: JSON, twirp errors, Azure XML errors, the
// _apis error envelope (v1), REST errors with rate-limit headers, and injected faults in each shape.
import { randomUUID } from 'node:crypto'

const AZURE_VERSION = '2024-11-04'
const API_VERSION = '2022-11-28'
const DOCS = 'https://docs.github.com/rest'
const TWIRP_STATUS = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unimplemented: 501,
  unavailable: 503
}

export { AZURE_VERSION }

export class HttpError extends Error {
  constructor(status, message, extra = {}) {
    super(message)
    this.status = status
    Object.assign(this, extra)
  }
}

export const iso = d => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')
export const isoMs = d => new Date(d).toISOString()

export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function parseJson(buf) {
  if (!buf.length) return {}
  try {
    return JSON.parse(buf.toString('utf8'))
  } catch {
    throw new HttpError(400, 'Problems parsing JSON', { twirpCode: 'malformed' })
  }
}

/** `bytes=a-b` / `bytes=a-` → {start, end} (inclusive) or null; throws 416 when unsatisfiable. */
export function parseRange(header, size) {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(header).trim())
  if (!m) return null
  let start
  let end
  if (m[1] === '') {
    const suffix = Number(m[2])
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start >= size || start > end)
    throw new HttpError(416, 'The range specified is invalid for the current size of the resource.', {
      azureCode: 'InvalidRange',
      size
    })
  return { start, end }
}

/**
 * A twirp service: `POST <prefix><Method>` with a JSON body; `methods[m](ctx, body)` returns the JSON
 * answer. Route names are `<names><Method>` (unknown methods: `<names>unknown`), errors in twirp shape.
 */
export function twirpService(prefix, names, methods) {
  return {
    route(method, pathname) {
      if (!pathname.startsWith(prefix)) return undefined
      const m = pathname.slice(prefix.length)
      if (method === 'POST' && Object.hasOwn(methods, m))
        return { area: 'twirp', name: `${names}${m}`, twirp: methods[m] }
      return { area: 'twirp', name: `${names}unknown` }
    }
  }
}

/** Response helpers bound to the REST rate-limit state (`rateState()` → {limit, used, resetAt}). */
export function createResponses(rateState) {
  const sendJson = (res, status, obj, headers = {}) => {
    const body = obj === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(obj))
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': body.length,
      ...headers
    })
    res.end(body)
  }
  const restHeaders = (extra = {}) => {
    const r = rateState()
    return {
      'X-GitHub-Api-Version-Selected': API_VERSION,
      'X-GitHub-Media-Type': 'github.v3; format=json',
      'X-GitHub-Request-Id': randomUUID().toUpperCase(),
      'X-RateLimit-Limit': String(r.limit),
      'X-RateLimit-Remaining': String(Math.max(0, r.limit - r.used)),
      'X-RateLimit-Reset': String(Math.ceil(r.resetAt / 1000)),
      'X-RateLimit-Used': String(r.used),
      'X-RateLimit-Resource': 'core',
      ...extra
    }
  }
  const azureHeaders = (extra = {}) => ({
    'x-ms-request-id': randomUUID(),
    'x-ms-version': AZURE_VERSION,
    Date: new Date().toUTCString(),
    ...extra
  })
  const sendAzureError = (res, status, code, message, extra = {}) => {
    const body = Buffer.from(
      `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${isoMs(Date.now())}</Message></Error>`
    )
    res.writeHead(
      status,
      azureHeaders({
        'Content-Type': 'application/xml',
        'Content-Length': body.length,
        'x-ms-error-code': code,
        ...extra
      })
    )
    res.end(body)
  }
  const sendError = (res, area, err, extra = {}) => {
    const status = err.status ?? 500
    const message = err.message || 'error'
    if (area === 'twirp') {
      const code =
        err.twirpCode ??
        (status >= 500
          ? status === 503
            ? 'unavailable'
            : 'internal'
          : status === 429
            ? 'resource_exhausted'
            : 'internal')
      return sendJson(res, TWIRP_STATUS[code] ?? status, { code, msg: message }, extra)
    }
    if (area === 'blob') {
      const code =
        err.azureCode ?? (status === 503 ? 'ServerBusy' : status >= 500 ? 'InternalError' : 'InvalidInput')
      return sendAzureError(
        res,
        status,
        code,
        message,
        err.size !== undefined ? { 'Content-Range': `bytes */${err.size}`, ...extra } : extra
      )
    }
    if (area === 'v1') {
      return sendJson(
        res,
        status,
        {
          $id: '1',
          innerException: null,
          message,
          typeName: err.typeName ?? '',
          typeKey: err.typeKey ?? '',
          errorCode: 0,
          eventId: 3000
        },
        extra
      )
    }
    const body = { message, documentation_url: err.docs ?? DOCS, status: String(status) }
    if (err.errors) body.errors = err.errors
    return sendJson(res, status, body, restHeaders(extra))
  }

  const sendFault = (res, area, rule) => {
    if (rule.type === 'rate-limit') {
      const r = rateState()
      const now = Date.now()
      const primary = rule.kind === 'primary'
      const reset = primary ? Math.ceil((now + rule.retryAfter * 1000) / 1000) : Math.ceil(r.resetAt / 1000)
      const headers = {
        'Retry-After': String(rule.retryAfter),
        'X-RateLimit-Limit': String(r.limit),
        'X-RateLimit-Remaining': primary ? '0' : String(Math.max(1, r.limit - r.used)),
        'X-RateLimit-Reset': String(reset),
        'X-RateLimit-Used': String(primary ? r.limit : r.used),
        'X-RateLimit-Resource': 'core'
      }
      const message = primary
        ? 'API rate limit exceeded for installation ID 1. If you reach out to GitHub Support for help, please include the request ID.'
        : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.'
      if (area === 'rest') {
        const body = {
          message,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: String(rule.status)
        }
        return sendJson(res, rule.status, body, { ...restHeaders(), ...headers })
      }
      return sendError(
        res,
        area,
        new HttpError(rule.status, message, { twirpCode: 'resource_exhausted', azureCode: 'ServerBusy' }),
        headers
      )
    }
    const status = rule.status
    return sendError(
      res,
      area,
      new HttpError(status, status === 503 ? 'Service Unavailable' : 'Server Error', {
        azureCode: status === 503 ? 'ServerBusy' : 'InternalError'
      })
    )
  }

  return { sendJson, restHeaders, azureHeaders, sendError, sendFault }
}
