import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { randomHex, randomUUID, sha256Hex } from '../../lib/ids.js'

describe('randomUUID', () => {
  it('is a version-4 UUID', () => {
    for (let i = 0; i < 200; i++)
      expect(randomUUID()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('does not repeat', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => randomUUID()))
    expect(seen.size).toBe(1000)
  })
})

describe('randomHex', () => {
  it('is that many random bytes in hex, never the same twice', () => {
    expect(randomHex(4)).toMatch(/^[0-9a-f]{8}$/)
    expect(new Set(Array.from({ length: 1000 }, () => randomHex(8))).size).toBe(1000)
  })
})

describe('sha256Hex', () => {
  it('is SHA-256 in hex, for strings and bytes', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    expect(sha256Hex('abc')).toBe(abc)
    expect(sha256Hex(Buffer.from('abc'))).toBe(abc)
  })

  it('equals node:crypto for any text or bytes', () => {
    const native = (d: string | Uint8Array) => createHash('sha256').update(d).digest('hex')
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), s => sha256Hex(s) === native(s)))
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), b => sha256Hex(b) === native(b)))
  })
})
