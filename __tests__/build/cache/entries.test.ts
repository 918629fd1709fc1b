import {
  cacheLocation,
  dedupe,
  formatCacheEntry,
  parseCacheEntries,
  parseCacheEntry,
  splitCsv
} from '../../../build/cache/entries.js'
import { InputError } from '../../../lib/errors.js'
import type { CacheEntry } from '../../../build/model.js'

const reg = (attrs: Record<string, string>): CacheEntry => ({ type: 'registry', attrs })

describe('shorthand forms', () => {
  test('a bare ref is a registry entry', () => {
    expect(parseCacheEntry('ghcr.io/acme/app:buildcache', 'cache-from')).toEqual(
      reg({ ref: 'ghcr.io/acme/app:buildcache' })
    )
  })
  test('a bare ref in cache-to defaults to mode=max', () => {
    expect(parseCacheEntry('localhost:5000/app:cache', 'cache-to')).toEqual(
      reg({ ref: 'localhost:5000/app:cache', mode: 'max' })
    )
  })
  test('key=value pairs without type are a registry entry', () => {
    expect(parseCacheEntry('ref=ghcr.io/a/b:c', 'cache-from')).toEqual(reg({ ref: 'ghcr.io/a/b:c' }))
    expect(parseCacheEntry('ref=ghcr.io/a/b:c', 'cache-to')).toEqual(
      reg({ ref: 'ghcr.io/a/b:c', mode: 'max' })
    )
  })
  test('a mode given with the shorthand is kept', () => {
    expect(parseCacheEntry('ref=r:c,mode=min', 'cache-to')).toEqual(reg({ ref: 'r:c', mode: 'min' }))
  })
  test('surrounding whitespace is ignored', () => {
    expect(parseCacheEntry('  type=gha, scope=app ,mode=max ', 'cache-to')).toEqual({
      type: 'gha',
      attrs: { scope: 'app', mode: 'max' }
    })
  })
  test('a quoted bare ref', () => {
    expect(parseCacheEntry('"r/app:c"', 'cache-from')).toEqual(reg({ ref: 'r/app:c' }))
  })
})

describe('explicit type passes through untouched', () => {
  test.each([
    ['type=gha', { type: 'gha', attrs: {} }],
    [
      'type=gha,scope=app-linux-amd64,mode=max',
      { type: 'gha', attrs: { scope: 'app-linux-amd64', mode: 'max' } }
    ],
    ['type=local,src=/tmp/c', { type: 'local', attrs: { src: '/tmp/c' } }],
    ['type=s3,region=eu-west-1,bucket=b', { type: 's3', attrs: { region: 'eu-west-1', bucket: 'b' } }],
    [
      'type=azblob,account_url=https://a.blob.core.windows.net',
      { type: 'azblob', attrs: { account_url: 'https://a.blob.core.windows.net' } }
    ]
  ])('%s (cache-from)', (raw, entry) => expect(parseCacheEntry(raw, 'cache-from')).toEqual(entry))
  test("type=registry in cache-to keeps BuildKit's own default mode", () => {
    expect(parseCacheEntry('type=registry,ref=r:c', 'cache-to')).toEqual(reg({ ref: 'r:c' }))
  })
  test('type=inline in cache-to', () => {
    expect(parseCacheEntry('type=inline', 'cache-to')).toEqual({ type: 'inline', attrs: {} })
  })
  test('keys are lower-cased as buildx does, values kept', () => {
    expect(parseCacheEntry('type=registry,REF=R/App:Tag,Mode=max', 'cache-to')).toEqual(
      reg({ ref: 'R/App:Tag', mode: 'max' })
    )
  })
  test('attribute order is preserved', () => {
    const e = parseCacheEntry(
      'type=registry,ref=r:c,oci-mediatypes=true,image-manifest=true,mode=max',
      'cache-to'
    )
    expect(Object.keys(e.attrs)).toEqual(['ref', 'oci-mediatypes', 'image-manifest', 'mode'])
  })
  test('registry attributes BuildKit documents', () => {
    const raw =
      'type=registry,ref=r:c,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true,compression=zstd,compression-level=3,force-compression=true'
    expect(parseCacheEntry(raw, 'cache-to').attrs).toMatchObject({
      compression: 'zstd',
      'compression-level': '3'
    })
  })
  test('gha attributes BuildKit documents', () => {
    const raw =
      'type=gha,scope=s,mode=max,ignore-error=true,timeout=5m,repository=o/r,ghtoken=x,url=u,url_v2=v,token=t'
    expect(Object.keys(parseCacheEntry(raw, 'cache-to').attrs)).toHaveLength(9)
  })
})

describe('CSV quoting as buildx reads it', () => {
  test('a quoted field keeps its comma', () => {
    expect(parseCacheEntry('type=gha,"scope=a,b",mode=max', 'cache-to').attrs).toEqual({
      scope: 'a,b',
      mode: 'max'
    })
  })
  test('"" inside quotes is one quote', () => {
    expect(parseCacheEntry('type=gha,"scope=a""b"', 'cache-from').attrs.scope).toBe('a"b')
  })
  test('splitCsv', () => {
    expect(splitCsv('a, "b,c" ,d', 'x')).toEqual(['a', 'b,c', 'd'])
    expect(splitCsv('a,,b', 'x')).toEqual(['a', '', 'b'])
    expect(splitCsv('"a"', 'x')).toEqual(['a'])
  })
  test.each([
    ['type=gha,"scope=a', /unterminated quote/],
    ['type=gha,"scope=a"x', /text after a closing quote/],
    ['type=gha,scope="a,b"', /quote inside an unquoted field/]
  ])('%s is rejected like buildx rejects it', (raw, why) => {
    expect(() => parseCacheEntry(raw, 'cache-from')).toThrow(why)
  })
})

describe('errors name the input, what was given and what is accepted', () => {
  const err = (raw: string, input: 'cache-from' | 'cache-to' = 'cache-from') => {
    try {
      parseCacheEntry(raw, input)
    } catch (e) {
      expect(e).toBeInstanceOf(InputError)
      return (e as Error).message
    }
    throw new Error('no error')
  }
  test('empty', () => expect(err('  ')).toMatch(/^input 'cache-from': got ' {2}'; accepted: .*empty entry/))
  test('empty ref', () => expect(err('""')).toMatch(/empty ref/))
  test('ref= with nothing', () =>
    expect(err('ref=', 'cache-to')).toMatch(
      /^input 'cache-to': got 'ref='; accepted: type=registry needs ref=/
    ))
  test('unknown type', () =>
    expect(err('type=redis,ref=x')).toBe(
      "input 'cache-from': got 'type=redis,ref=x'; accepted: type=registry|gha|local|inline|s3|azblob (unknown cache type 'redis')"
    ))
  test('type is case-sensitive like BuildKit', () =>
    expect(err('type=GHA')).toMatch(/unknown cache type 'GHA'/))
  test.each(['mode=maximum', 'mode=', 'mode=MAX'])('bad %s', m =>
    expect(err(`type=gha,${m}`, 'cache-to')).toMatch(/accepted: mode=min\|max/)
  )
  test('inline with params', () =>
    expect(err('type=inline,mode=max', 'cache-to')).toMatch(/type=inline takes no parameters/))
  test('inline as a source', () => expect(err('type=inline')).toMatch(/type=inline only in cache-to/))
  test('registry without ref', () => expect(err('type=registry,mode=max', 'cache-to')).toMatch(/needs ref=/))
  test('local cache-to without dest', () =>
    expect(err('type=local,src=/a', 'cache-to')).toMatch(/needs dest=/))
  test('local cache-from without src', () => expect(err('type=local,dest=/a')).toMatch(/needs src=/))
  test('malformed a=b,,c', () => expect(err('ref=a,,mode=max')).toMatch(/empty field between commas/))
  test('a field that is not key=value', () =>
    expect(err('type=gha,scope')).toMatch(/'scope' is not key=value/))
  test('a field with no key', () => expect(err('type=gha,=x')).toMatch(/'=x' is not key=value/))
  test('a key given twice', () => expect(err('type=registry,ref=a,ref=b')).toMatch(/'ref' given twice/))
  test('type given twice', () => expect(err('type=gha,type=local,src=x')).toMatch(/type given twice/))
  test('two refs on one line', () => expect(err('a:1,b:1')).toMatch(/one ref per line/))
  test.each(['ignore-error=yes', 'image-manifest=1', 'oci-mediatypes=TRUE'])('boolean %s', a =>
    expect(err(`type=registry,ref=r,${a}`, 'cache-to')).toMatch(/=true\|false/)
  )
  test('unknown compression', () =>
    expect(err('type=registry,ref=r,compression=lz4', 'cache-to')).toMatch(
      /compression=uncompressed\|gzip\|estargz\|zstd/
    ))
  test('compression level out of range', () =>
    expect(err('type=registry,ref=r,compression-level=23', 'cache-to')).toMatch(/compression-level=0..22/))
  test('image manifest without OCI media types', () =>
    expect(err('type=registry,ref=r,image-manifest=true,oci-mediatypes=false', 'cache-to')).toMatch(
      /image-manifest=true needs oci-mediatypes=true/
    ))
})

describe('several entries', () => {
  test('a value without = may list refs, as buildx reads it', () => {
    expect(parseCacheEntries(['a:1,b:1', 'type=gha'], 'cache-from')).toEqual([
      reg({ ref: 'a:1' }),
      reg({ ref: 'b:1' }),
      { type: 'gha', attrs: {} }
    ])
  })
  test('blank values are skipped, duplicates dropped', () => {
    expect(parseCacheEntries(['r:c', '', 'type=registry,ref=r:c'], 'cache-from')).toEqual([
      reg({ ref: 'r:c' })
    ])
  })
  test('an empty ref in a list is an error', () => {
    expect(() => parseCacheEntries(['a:1,'], 'cache-from')).toThrow(/empty ref/)
  })
})

describe('formatCacheEntry', () => {
  test('type first, then attributes in order', () => {
    expect(formatCacheEntry(reg({ ref: 'r:c', mode: 'max' }))).toBe('type=registry,ref=r:c,mode=max')
    expect(formatCacheEntry({ type: 'inline', attrs: {} })).toBe('type=inline')
  })
  test('quotes a field with a comma or a quote, whole, as buildx expects', () => {
    expect(formatCacheEntry({ type: 'gha', attrs: { scope: 'a,b' } })).toBe('type=gha,"scope=a,b"')
    expect(formatCacheEntry({ type: 'gha', attrs: { scope: 'a"b' } })).toBe('type=gha,"scope=a""b"')
    expect(formatCacheEntry({ type: 'local', attrs: { dest: ' /x ' } })).toBe('type=local,"dest= /x "')
  })
  test.each([
    'type=registry,ref=r:c,mode=max,ignore-error=true',
    'type=gha,"scope=a,b",mode=max',
    'type=gha,"scope=a""b"',
    'type=local,"dest=/tmp/a b,c"',
    'type=s3,region=r,bucket=b,"name=x,y"'
  ])('round-trips %s', raw => {
    const e = parseCacheEntry(raw, 'cache-to')
    expect(formatCacheEntry(e)).toBe(raw)
    expect(parseCacheEntry(formatCacheEntry(e), 'cache-to')).toEqual(e)
  })
})

describe('dedupe and locations', () => {
  test('same type and attributes in any order are one entry; the first is kept', () => {
    const a = reg({ ref: 'r:c', mode: 'max' })
    const b = reg({ mode: 'max', ref: 'r:c' })
    const c = reg({ ref: 'r:c', mode: 'min' })
    expect(dedupe([a, b, c, a])).toEqual([a, c])
  })
  test('different types with the same attributes stay', () => {
    expect(
      dedupe([
        { type: 'gha', attrs: {} },
        { type: 'inline', attrs: {} }
      ])
    ).toHaveLength(2)
  })
  test('location ignores how a cache is written', () => {
    expect(cacheLocation(reg({ ref: 'r:c', mode: 'max', 'ignore-error': 'true' }))).toBe(
      cacheLocation(reg({ ref: 'r:c' }))
    )
    expect(cacheLocation(reg({ ref: 'r:c' }))).not.toBe(cacheLocation(reg({ ref: 'r:d' })))
  })
  test('gha without scope is the default scope buildkit', () => {
    expect(cacheLocation({ type: 'gha', attrs: { mode: 'max' } })).toBe(
      cacheLocation({ type: 'gha', attrs: { scope: 'buildkit' } })
    )
  })
  test('a local src and dest are the same directory', () => {
    expect(cacheLocation({ type: 'local', attrs: { src: '/c' } })).toBe(
      cacheLocation({ type: 'local', attrs: { dest: '/c' } })
    )
  })
})
