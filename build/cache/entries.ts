// Cache entries as buildx takes them in --cache-from / --cache-to: `type=<t>,key=value,...`, a CSV
// line (buildx reads it with a strict CSV parser: a field that contains `,` or `"` is quoted whole,
// "ref=a,b" style, and `""` stands for a quote). Parsing here mirrors buildx so bad values fail
// before the build, naming the input; the shorthand forms of the faas-cli proposal are expanded.
import { InputError } from '../../lib/errors.js'
import { CACHE_TYPES, type CacheEntry, type CacheType } from '../model.js'

export type CacheInput = 'cache-from' | 'cache-to'

const ACCEPTED = 'an image ref, or type=registry|gha|local|inline|s3|azblob followed by ,key=value pairs'
const BOOL_ATTRS = ['ignore-error', 'image-manifest', 'oci-mediatypes', 'force-compression']
const COMPRESSIONS = ['uncompressed', 'gzip', 'estargz', 'zstd']

/** Splits one CSV line the way buildx does (strict quotes); whitespace around a field is dropped. */
export function splitCsv(line: string, input: string): string[] {
  const fields: string[] = []
  let i = 0
  const bad = (why: string) => new InputError(input, line, `${ACCEPTED} (${why})`)
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++
    let field = ''
    if (line[i] === '"') {
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q < 0) throw bad('unterminated quote')
        field += line.slice(i, q)
        i = q + 1
        if (line[i] !== '"') break
        field += '"'
        i++
      }
      while (line[i] === ' ' || line[i] === '\t') i++
      if (i < line.length && line[i] !== ',') throw bad('text after a closing quote')
    } else {
      const end = line.indexOf(',', i) < 0 ? line.length : line.indexOf(',', i)
      field = line.slice(i, end).trim()
      if (field.includes('"')) throw bad('a quote inside an unquoted field: quote the whole "key=value"')
      i = end
    }
    fields.push(field)
    if (i >= line.length) return fields
    i++ // the comma
  }
}

/**
 * One --cache-from / --cache-to value. A bare ref (no `=`) becomes `type=registry,ref=<it>`, key=value
 * pairs without `type` are a registry entry; both shorthands default a cache-to to `mode=max` (what
 * users of a cache want: intermediate stages too). An explicit `type=` entry is kept as written, so
 * buildx/BuildKit defaults apply to it exactly as documented upstream.
 */
export function parseCacheEntry(raw: string, input: CacheInput): CacheEntry {
  const line = raw.trim()
  if (line === '') throw new InputError(input, raw, `${ACCEPTED} (empty entry)`)
  const fields = splitCsv(line, input)
  if (!fields.some(f => f.includes('='))) {
    if (fields.length !== 1) throw new InputError(input, raw, `${ACCEPTED} (one ref per line)`)
    return refEntry(fields[0], input, raw)
  }
  const attrs: Record<string, string> = {}
  let type: string | undefined
  for (const field of fields) {
    const eq = field.indexOf('=')
    if (field === '') throw new InputError(input, raw, `${ACCEPTED} (empty field between commas)`)
    if (eq <= 0) throw new InputError(input, raw, `${ACCEPTED} ('${field}' is not key=value)`)
    // buildx lower-cases keys; values are case-sensitive.
    const key = field.slice(0, eq).trim().toLowerCase()
    const value = field.slice(eq + 1)
    if (key === 'type') {
      if (type !== undefined) throw new InputError(input, raw, `${ACCEPTED} (type given twice)`)
      type = value
    } else {
      if (key in attrs) throw new InputError(input, raw, `${ACCEPTED} ('${key}' given twice)`)
      attrs[key] = value
    }
  }
  if (type === undefined) return shorthand(attrs, input, raw)
  if (!(CACHE_TYPES as readonly string[]).includes(type)) {
    throw new InputError(input, raw, `type=${CACHE_TYPES.join('|')} (unknown cache type '${type}')`)
  }
  return validateCacheEntry({ type: type as CacheType, attrs }, input, raw)
}

function refEntry(ref: string, input: CacheInput, raw: string): CacheEntry {
  if (ref === '') throw new InputError(input, raw, `${ACCEPTED} (empty ref)`)
  return shorthand({ ref }, input, raw)
}

function shorthand(attrs: Record<string, string>, input: CacheInput, raw = attrs.ref): CacheEntry {
  const entry: CacheEntry = { type: 'registry', attrs: { ...attrs } }
  if (input === 'cache-to' && entry.attrs.mode === undefined) entry.attrs.mode = 'max'
  return validateCacheEntry(entry, input, raw)
}

/**
 * Parses an input's values (one entry per value). Like buildx, a value without any `=` may list
 * several refs separated by commas: `a:cache,b:cache` is two registry entries.
 */
export function parseCacheEntries(values: string[], input: CacheInput): CacheEntry[] {
  const out: CacheEntry[] = []
  for (const value of values) {
    if (value.trim() === '') continue
    if (!value.includes('=') && value.includes(',')) {
      for (const ref of splitCsv(value.trim(), input)) out.push(refEntry(ref, input, value))
    } else {
      out.push(parseCacheEntry(value, input))
    }
  }
  return dedupe(out)
}

/** Checks what BuildKit would reject later (or silently ignore), naming the input. */
export function validateCacheEntry(entry: CacheEntry, input: CacheInput, raw?: string): CacheEntry {
  const given = raw ?? formatCacheEntry(entry)
  const fail = (why: string) => new InputError(input, given, why)
  const a = entry.attrs
  if (a.mode !== undefined && a.mode !== 'min' && a.mode !== 'max')
    throw fail(`mode=min|max (got mode=${a.mode})`)
  for (const k of BOOL_ATTRS) {
    if (a[k] !== undefined && a[k] !== 'true' && a[k] !== 'false') throw fail(`${k}=true|false`)
  }
  if (a.compression !== undefined && !COMPRESSIONS.includes(a.compression)) {
    throw fail(`compression=${COMPRESSIONS.join('|')}`)
  }
  if (a['compression-level'] !== undefined && !/^(\d|1\d|2[0-2])$/.test(a['compression-level'])) {
    throw fail('compression-level=0..22')
  }
  // BuildKit refuses an image manifest without OCI media types.
  if (a['image-manifest'] === 'true' && a['oci-mediatypes'] === 'false') {
    throw fail('image-manifest=true needs oci-mediatypes=true')
  }
  switch (entry.type) {
    case 'inline':
      if (input === 'cache-from')
        throw fail('type=inline only in cache-to; read an inline cache with the image ref')
      if (Object.keys(a).length > 0) throw fail('type=inline takes no parameters')
      break
    case 'registry':
      if (!a.ref) throw fail('type=registry needs ref=<image ref>')
      break
    case 'local':
      if (input === 'cache-to' && !a.dest) throw fail('type=local in cache-to needs dest=<directory>')
      if (input === 'cache-from' && !a.src) throw fail('type=local in cache-from needs src=<directory>')
      break
  }
  return entry
}

/** The string for buildx: `type=` first, then the attributes in order, CSV-quoted when needed. */
export function formatCacheEntry(entry: CacheEntry): string {
  const fields = [`type=${entry.type}`, ...Object.entries(entry.attrs).map(([k, v]) => `${k}=${v}`)]
  return fields.map(quoteField).join(',')
}

function quoteField(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field
}

/** Same type and same attributes (in any order). */
export function sameEntry(a: CacheEntry, b: CacheEntry): boolean {
  const ka = Object.keys(a.attrs)
  return (
    a.type === b.type && ka.length === Object.keys(b.attrs).length && ka.every(k => a.attrs[k] === b.attrs[k])
  )
}

/** Drops exact duplicates, keeping the first of each. */
export function dedupe(entries: CacheEntry[]): CacheEntry[] {
  return entries.filter((e, i) => entries.findIndex(o => sameEntry(o, e)) === i)
}

// Attributes that change how a cache is written or read, not where it lives.
const BEHAVIOUR_ATTRS = new Set([
  'mode',
  'ignore-error',
  'image-manifest',
  'oci-mediatypes',
  'compression',
  'compression-level',
  'force-compression',
  'timeout',
  'token',
  'ghtoken',
  'digest'
])

/** Where a cache entry reads or writes: two cache-to entries with the same location conflict. */
export function cacheLocation(entry: CacheEntry): string {
  const attrs: Record<string, string> = entry.type === 'gha' ? { scope: 'buildkit' } : {}
  for (const [k, v] of Object.entries(entry.attrs))
    if (!BEHAVIOUR_ATTRS.has(k)) attrs[k === 'src' ? 'dest' : k] = v
  return formatCacheEntry({ type: entry.type, attrs: Object.fromEntries(Object.entries(attrs).sort()) })
}
