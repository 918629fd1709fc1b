// Random identifiers (the stop-commands token, output delimiters, a leg's nonce) from the kernel's random
// source, and SHA-256 of short texts (keys, names) with @noble/hashes. node:crypto takes about 7 ms to
// load on Node 24 (measured): before buildx starts that delays the build, during it a matrix leg's
// hand-off key competed with the build for the runner's cores. /dev/urandom is the kernel's CSPRNG, read
// in well under a millisecond. Large data (registry blobs) still goes through node:crypto (lib/registry.ts).
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { urandom } from './files.js'

/** `bytes` random bytes in hex. */
export const randomHex = (bytes: number): string => urandom(bytes).toString('hex')

/** 16 random bytes as a version-4 UUID. */
export function randomUUID(): string {
  const b = urandom(16)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** The SHA-256 of `data` (a string as UTF-8), in hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? Buffer.from(data, 'utf8') : data))
}
