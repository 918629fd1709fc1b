// Azure-blob-style storage behind signed URLs (`/<account>/<container>/<id>?sv&sr&sp&se&sig`): single
// PUT (x-ms-blob-type: BlockBlob), staged blocks (comp=block&blockid) + block list (comp=blocklist),
// GET with x-ms-range/Range and HEAD; x-ms-blob-content-type is kept and served as Content-Type. Each
// container serves one kind of store item (anything with id, data, blocks, size, finalized, createdAt,
// lastAccessedAt, optional contentType/contentDisposition) under its own route names.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { URLSearchParams } from 'node:url'
import { AZURE_VERSION, HttpError, iso, parseRange } from './respond.mjs'

const BLOB_ACCOUNT = 'ghdouble'

/**
 * @param shared the double's context
 * @param containers name → { names: route name prefix, get(id) → item }
 */
export function blobStorage(shared, containers) {
  const { secret, azureHeaders } = shared
  const sign = (path, sp, se) =>
    createHmac('sha256', secret).update(`${path}\n${sp}\n${se}`).digest('base64url')
  /** A signed URL for `item` in `container` with permissions `sp` (r, cw, …). */
  const signedUrl = (container, item, sp) => {
    const path = `/${BLOB_ACCOUNT}/${container}/${item.id}`
    const se = iso(Date.now() + shared.urlTtlMs)
    const q = new URLSearchParams({ sv: AZURE_VERSION, sr: 'b', sp, se, sig: sign(path, sp, se) })
    return `${shared.baseUrl}${path}?${q}`
  }
  const checkSignature = (path, q, need) => {
    const sp = q.get('sp') ?? ''
    const se = q.get('se') ?? ''
    const sig = q.get('sig') ?? ''
    const want = Buffer.from(sign(path, sp, se))
    const got = Buffer.from(sig)
    if (got.length !== want.length || !timingSafeEqual(got, want))
      throw new HttpError(
        403,
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
        { azureCode: 'AuthenticationFailed' }
      )
    if (!(Date.parse(se) > Date.now()))
      throw new HttpError(403, `Signed expiry time [${se}] must be after signed start time`, {
        azureCode: 'AuthenticationFailed'
      })
    if (!sp.includes(need))
      throw new HttpError(
        403,
        'This request is not authorized to perform this operation using this permission.',
        { azureCode: 'AuthorizationPermissionMismatch' }
      )
  }

  const blobEntry = (ctx, get, id, need) => {
    checkSignature(ctx.url.pathname, ctx.query, need)
    const entry = get(id)
    if (!entry) throw new HttpError(404, 'The specified blob does not exist.', { azureCode: 'BlobNotFound' })
    return entry
  }
  const etag = e => `"0x8D${(e.id * 7919 + (e.size ?? 0)).toString(16).toUpperCase().padStart(12, '0')}"`
  const blobProps = e => ({
    ETag: etag(e),
    'Last-Modified': new Date(e.lastAccessedAt).toUTCString(),
    'x-ms-creation-time': new Date(e.createdAt).toUTCString(),
    'x-ms-blob-type': 'BlockBlob',
    'x-ms-lease-state': 'available',
    'x-ms-lease-status': 'unlocked',
    'x-ms-server-encrypted': 'true',
    'Accept-Ranges': 'bytes'
  })
  const put = get => (ctx, body, id) => {
    const entry = blobEntry(ctx, get, id, 'w')
    if (entry.finalized)
      throw new HttpError(403, 'This request is not authorized to perform this operation.', {
        azureCode: 'AuthorizationPermissionMismatch'
      })
    const comp = ctx.query.get('comp')
    if (comp === 'block') {
      const blockId = ctx.query.get('blockid')
      if (!blockId)
        throw new HttpError(400, 'blockid is required', { azureCode: 'MissingRequiredQueryParameter' })
      entry.blocks.set(blockId, body)
    } else if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
        m => m[2].trim()
      )
      const parts = []
      for (const b of ids) {
        const part = entry.blocks.get(b)
        if (!part)
          throw new HttpError(400, 'The specified block list is invalid.', {
            azureCode: 'InvalidBlockList'
          })
        parts.push(part)
      }
      entry.data = Buffer.concat(parts)
      entry.blocks.clear()
    } else if (comp) {
      throw new HttpError(400, `comp=${comp} is not supported by the double`, {
        azureCode: 'UnsupportedQueryParameter'
      })
    } else {
      if (String(ctx.req.headers['x-ms-blob-type'] ?? '') !== 'BlockBlob') {
        throw new HttpError(
          400,
          'An HTTP header that is mandatory for this request is not specified: x-ms-blob-type',
          { azureCode: 'MissingRequiredHeader' }
        )
      }
      entry.data = body
    }
    // Blob properties travel with the upload that completes the blob (single PUT or block list).
    const type = ctx.req.headers['x-ms-blob-content-type']
    if (comp !== 'block' && type) entry.contentType = String(type)
    ctx.res.writeHead(
      201,
      azureHeaders({
        ETag: etag(entry),
        'Last-Modified': new Date().toUTCString(),
        'x-ms-request-server-encrypted': 'true',
        'Content-Length': 0
      })
    )
    ctx.res.end()
  }
  const read = get => (ctx, _body, id) => {
    const entry = blobEntry(ctx, get, id, 'r')
    if (!entry.finalized)
      throw new HttpError(404, 'The specified blob does not exist.', { azureCode: 'BlobNotFound' })
    const data = shared.store.bytesOf(entry)
    const head = ctx.req.method === 'HEAD'
    const range = head
      ? null
      : parseRange(ctx.req.headers['x-ms-range'] ?? ctx.req.headers.range, data.length)
    if (!head) entry.lastAccessedAt = new Date()
    const headers = azureHeaders({
      ...blobProps(entry),
      'Content-Type': entry.contentType ?? 'application/octet-stream',
      ...(entry.contentDisposition ? { 'Content-Disposition': entry.contentDisposition } : {})
    })
    if (range) {
      const slice = data.subarray(range.start, range.end + 1)
      ctx.res.writeHead(206, {
        ...headers,
        'Content-Length': slice.length,
        'Content-Range': `bytes ${range.start}-${range.end}/${data.length}`
      })
      return ctx.res.end(slice)
    }
    ctx.res.writeHead(200, { ...headers, 'Content-Length': data.length })
    ctx.res.end(head ? undefined : data)
  }

  const handlers = new Map(
    Object.entries(containers).map(([name, c]) => [name, { ...c, put: put(c.get), read: read(c.get) }])
  )
  return {
    signedUrl,
    route(method, pathname, query) {
      const b = new RegExp(`^/${BLOB_ACCOUNT}/([a-z0-9-]+)/(\\d+)$`).exec(pathname)
      const c = b && handlers.get(b[1])
      if (!c) return undefined
      const n = c.names
      if (method === 'PUT') {
        const comp = query.get('comp')
        const name = comp === 'block' ? 'putBlock' : comp === 'blocklist' ? 'putBlockList' : 'put'
        return { area: 'blob', name: `${n}${name}`, fn: c.put, arg: b[2] }
      }
      if (method === 'GET') return { area: 'blob', name: `${n}get`, fn: c.read, arg: b[2] }
      if (method === 'HEAD') return { area: 'blob', name: `${n}head`, fn: c.read, arg: b[2] }
      return { area: 'blob', name: `${n}unknown` }
    }
  }
}
