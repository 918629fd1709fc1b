// buildx's metadata file, as the build reads it: JSON of any shape the builder writes. Every consumer
// walks or stringifies it (the `metadata` output, the record's ref, the checks' warnings), and
// JSON.stringify recurses: a value nested ten thousand levels deep ended a successful build with
// `Maximum call stack size exceeded`. Parsed once here, with anything deeper than METADATA_DEPTH left
// out (said once). Pure.

/** Far deeper than anything buildx writes (a provenance attestation nests about ten levels). */
export const METADATA_DEPTH = 64

/** `value` with every object or array nested deeper than `max` replaced by a note; how many were. */
export function boundDepth(value: unknown, max: number): { value: unknown; cut: number } {
  let cut = 0
  // Recursion stops at `max`: the stack never holds more than max + 1 frames.
  const copy = (x: unknown, depth: number): unknown => {
    if (x === null || typeof x !== 'object') return x
    if (depth >= max) {
      cut++
      return `(nested deeper than ${max} levels: left out)`
    }
    if (Array.isArray(x)) return x.map(e => copy(e, depth + 1))
    return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, copy(e, depth + 1)]))
  }
  return { value: copy(value, 0), cut }
}

/** The metadata file's text as an object (`{}` for anything but an object), and the warning to give
 * when parts of it were too deep to keep. */
export function parseMetadata(text: string): { metadata: Record<string, unknown>; warning?: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    return {
      metadata: {},
      warning: `buildx's metadata file is not JSON (${(e as Error).message}); no metadata output`
    }
  }
  const { value, cut } = boundDepth(parsed, METADATA_DEPTH)
  const metadata =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  return cut
    ? {
        metadata,
        warning: `buildx's metadata: ${cut} value(s) nested deeper than ${METADATA_DEPTH} levels left out of the metadata output`
      }
    : { metadata }
}
