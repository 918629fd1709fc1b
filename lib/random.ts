// Random identifiers (the stop-commands token, output delimiters, a leg's nonce) from the kernel's random
// source, and SHA-256 with node:crypto loaded on first use. node:crypto takes about 7 ms to load on Node 24
// (measured), and a build needs an identifier before buildx starts: /dev/urandom is the kernel's CSPRNG,
// read in well under a millisecond.
import { urandom } from './files.js'

/** 16 random bytes as a version-4 UUID. */
export function randomUUID(): string {
  const b = urandom(16)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** The SHA-256 of `data`, in hex; node:crypto is loaded on the first call only. */
export function sha256Hex(data: string | Uint8Array): string {
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(data).digest('hex')
}
