// Go's notion of text where BuildKit's parser relies on it and JavaScript's differs: unicode.IsSpace (JS's
// \s adds U+FEFF and lacks U+0085), strings.ToLower's simple per-character mapping (JS maps İ to two
// characters), and the flag splitter's byte-at-a-time reading of UTF-8.

/** The characters unicode.IsSpace accepts. */
export const GO_SPACE =
  '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'

const space = new RegExp(`^[${GO_SPACE}]$`)
const leading = new RegExp(`^[${GO_SPACE}]+`)
const trailing = new RegExp(`[${GO_SPACE}]+$`)

export const isGoSpace = (ch: string): boolean => space.test(ch)
/** strings.TrimLeftFunc(s, unicode.IsSpace) */
export const trimGoLeft = (s: string): string => s.replace(leading, '')
/** strings.TrimSpace */
export const trimGo = (s: string): string => s.replace(leading, '').replace(trailing, '')

/** strings.ToLower: each character's simple lower-case mapping. */
export function goToLower(s: string): string {
  let out = ''
  for (const ch of s) {
    const lower = ch === '\u0130' ? 'i' : ch.toLowerCase()
    out += Array.from(lower).length === 1 ? lower : ch
  }
  return out
}

/** A string's UTF-8 bytes, one character per byte (what Go's rune(line[i]) sees). */
export const utf8Bytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1')
/** The inverse of utf8Bytes (invalid sequences become U+FFFD, as Go's JSON output shows them). */
export const fromUtf8Bytes = (b: string): string => Buffer.from(b, 'latin1').toString('utf8')
