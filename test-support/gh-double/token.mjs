// Runtime tokens as the Actions runner hands them to a job: an HS256 JWT whose `ac` claim is a JSON
// *string* holding a list of {Scope, Permission} (bit 1 read, bit 2 write). BuildKit's gha backend
// (github.com/tonistiigi/go-actions-cache, cache.go New()) requires `ac` to be a string and `exp`/`nbf`
// to be numbers; it writes its index under the scope that has the write bit and reads every listed scope.
// The `scp` claim holds `Actions.Results:<workflow run backend id>:<job run backend id>`, the ids the
// artifact service works with.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto'

export const PERMISSION_READ = 1
export const PERMISSION_WRITE = 2

const b64url = buf => Buffer.from(buf).toString('base64url')

export function signJwt(claims, secret) {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))
  const payload = b64url(JSON.stringify(claims))
  const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${sig}`
}

/** Verifies signature and time claims; returns the claims or throws with a reason. */
export function verifyJwt(token, secret, now = Date.now()) {
  const parts = String(token).split('.')
  if (parts.length !== 3) throw new Error('malformed token')
  const [header, payload, sig] = parts
  const want = createHmac('sha256', secret).update(`${header}.${payload}`).digest()
  const got = Buffer.from(sig, 'base64url')
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new Error('invalid token signature')
  let claims
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    throw new Error('malformed token payload')
  }
  const secs = Math.floor(now / 1000)
  if (typeof claims.exp === 'number' && secs >= claims.exp) throw new Error('token expired')
  if (typeof claims.nbf === 'number' && secs < claims.nbf) throw new Error('token not yet valid')
  return claims
}

/** Decodes the `ac` claim (a JSON string, as GitHub issues it) into [{Scope, Permission}]. */
export function scopesOf(claims) {
  const ac = claims?.ac
  if (typeof ac !== 'string') throw new Error('token without access controls')
  const list = JSON.parse(ac)
  if (!Array.isArray(list)) throw new Error('access controls are not a list')
  return list.map(s => ({ Scope: String(s.Scope), Permission: Number(s.Permission) }))
}

export function decodeJwtUnverified(token) {
  const payload = String(token).split('.')[1] ?? ''
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
}

/** A UUID-shaped id derived from `seed`, as the results service names runs and jobs. */
export function backendId(seed) {
  const h = createHash('sha256').update(String(seed)).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/**
 * The results-service ids in the `scp` claim (`Actions.Results:<run>:<job>`), read the way
 * @actions/artifact reads them (util.ts getBackendIdsFromToken); undefined without that scope.
 */
export function backendIdsOf(claims) {
  for (const scope of String(claims?.scp ?? '').split(' ')) {
    const parts = scope.split(':')
    if (parts[0] === 'Actions.Results' && parts.length === 3)
      return { workflowRunBackendId: parts[1], workflowJobRunBackendId: parts[2] }
  }
  return undefined
}

/**
 * A runtime token: `ref` is the scope the job writes to (read+write), `readRefs` are extra readable
 * scopes in lookup order (base branch, then default branch, as the runner orders them). The `scp`
 * claim names the job's workflow run and job run for the results service (artifacts).
 */
export function issueRuntimeToken(
  secret,
  {
    ref,
    readRefs = [],
    write = true,
    ttlSeconds = 6 * 3600,
    now,
    runBackendId = randomUUID(),
    jobBackendId = randomUUID()
  } = {}
) {
  const iat = Math.floor((now ?? Date.now()) / 1000)
  const ac = []
  const seen = new Set()
  const add = (scope, permission) => {
    if (!scope || seen.has(scope)) return
    seen.add(scope)
    ac.push({ Scope: scope, Permission: permission })
  }
  add(ref, write ? PERMISSION_READ | PERMISSION_WRITE : PERMISSION_READ)
  for (const r of readRefs) add(r, PERMISSION_READ)
  const claims = {
    nameid: randomUUID(),
    scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runBackendId}:${jobBackendId}`,
    ac: JSON.stringify(ac),
    iat,
    nbf: iat - 60,
    exp: iat + ttlSeconds,
    iss: 'vstoken.actions.githubusercontent.com',
    aud: 'vso:00000000-0000-0000-0000-000000000000'
  }
  return signJwt(claims, secret)
}
