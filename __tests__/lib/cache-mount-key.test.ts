import { mountKey, mountKeyPrefix, parseMountKey } from '../../lib/cache-mount-key.js'

test('a key is its prefix and 16 hex of the contents, and parses back to the prefix', () => {
  const prefix = mountKeyPrefix('acme/app-linux-amd64', ['/root/.cache/go-build', '', '', ''])
  expect(prefix).toMatch(/^buildx-mount-acme\/app-linux-amd64-root-.cache-go-build-[0-9a-f]{8}-$/)
  const key = mountKey(prefix, 'ab'.repeat(32))
  expect(key).toBe(`${prefix}${'ab'.repeat(8)}`)
  expect(parseMountKey(key)).toEqual({ prefix })
})

test('other keys are not cache-mount archives', () => {
  for (const k of [
    'buildx-local-app-0123456789abcdef',
    'buildx-mount-app-x-0123456-0123456789abcdef',
    'buildx-mount-app-x-01234567-0123456789abcdeg',
    'index-buildx-mount-app-x-01234567-0123456789abcdef#1'
  ])
    expect(parseMountKey(k)).toBeUndefined()
})

test('a long id is cut in the readable part; the hash keeps mounts apart', () => {
  const a = mountKeyPrefix('s', [`/${'x'.repeat(100)}a`, '', '', ''])
  const b = mountKeyPrefix('s', [`/${'x'.repeat(100)}b`, '', '', ''])
  expect(a.length).toBeLessThan(100)
  expect(a).not.toBe(b)
})
