// The `allowed-syntax` patterns a Dockerfile's own `# syntax=` must match when pinning is off
// (setup-builder validates them, build applies them).
//
// Patterns are normalised as references are (lib/image-ref.ts), so `docker/dockerfile:*` and
// `docker.io/docker/dockerfile:*` are one pattern; a pattern without a tag therefore means `:latest`.
// `*` matches within one path component of registry or repository (not across `/`), and anything in a
// tag. A pattern with a digest matches only that digest (its tag, if any, must match too).
import { InputError } from './errors.js'
import { refProblem, splitImageRef, tryParseImageRef, type ImageRef } from './image-ref.js'
import { parseList } from './inputs.js'

const ACCEPTED_PATTERN =
  'image patterns such as docker/dockerfile:*, docker/dockerfile-upstream:1.*, localhost:5000/frontends/*:1.*, or name[:tag]@sha256:<64 hex>'

/** Validate an `allowed-syntax` list (commas/newlines) before anything runs. */
export function parseAllowedSyntax(value: string, inputName: string): string[] {
  const patterns = parseList(value, true, inputName)
  for (const p of patterns) {
    // Validate with every `*` standing in for one ordinary character.
    const parts = splitImageRef(p)
    const sample = (s: string | undefined) => s?.replace(/\*/g, 'x')
    const why = refProblem(
      {
        registry: sample(parts.registry) ?? '',
        repository: sample(parts.repository) ?? '',
        tag: sample(parts.tag),
        digest: parts.digest
      },
      p
    )
    if (why) throw new InputError(inputName, p, `${ACCEPTED_PATTERN} (${why})`)
  }
  return patterns
}

/** True when the reference matches one of the `allowed-syntax` patterns (see the header). */
export function matchesAllowed(ref: ImageRef | string, patterns: readonly string[]): boolean {
  const r = typeof ref === 'string' ? tryParseImageRef(ref) : ref
  if (!r) return false
  return patterns.some(pattern => {
    const p = splitImageRef(pattern)
    if (!glob(p.registry.toLowerCase(), '[^/]*').test(r.registry.toLowerCase())) return false
    if (!glob(p.repository, '[^/]*').test(r.repository)) return false
    if (p.digest !== undefined && p.digest !== r.digest) return false
    // A digest-only pattern pins the content, whatever tag the reference names.
    if (p.tag === undefined) return true
    return glob(p.tag, '.*').test(r.tag ?? '')
  })
}

function glob(pattern: string, star: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join(star)}$`)
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
