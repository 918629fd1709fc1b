// Image references for the Dockerfile frontend (`# syntax=`, BUILDKIT_SYNTAX) and the `allowed-syntax`
// patterns a Dockerfile's own `# syntax=` must match when pinning is off.
//
// References follow docker's distribution/reference with its normalisation: no registry → docker.io
// (index.docker.io too), a single-component docker.io name gets `library/`, and neither tag nor digest
// means `:latest` (what BuildKit resolves). Patterns are normalised the same way, so `docker/dockerfile:*`
// and `docker.io/docker/dockerfile:*` are one pattern; a pattern without a tag therefore means `:latest`.
// `*` matches within one path component of registry or repository (not across `/`), and anything in a
// tag. A pattern with a digest matches only that digest (its tag, if any, must match too).
import type { ParsedDockerfile } from './dockerfile.js'
import { InputError } from './errors.js'
import { parseList } from './inputs.js'

export interface ImageRef {
  registry: string
  repository: string
  /** undefined only when a digest is given without a tag */
  tag?: string
  digest?: string
}

export interface SyntaxViolation {
  file: string
  line: number
  message: string
}

const DEFAULT_REGISTRY = 'docker.io'
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`)
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = new RegExp(`^(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`)
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^[a-z][a-z0-9]*(?:[-_+.][a-z][a-z0-9]*)*:[0-9a-f]{32,}$/
const DIGEST_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 }

const ACCEPTED_REF =
  'an image reference such as docker/dockerfile:1.7.1 or docker/dockerfile:1.7@sha256:<64 hex>'
const ACCEPTED_PATTERN =
  'image patterns such as docker/dockerfile:*, docker/dockerfile-upstream:1.*, localhost:5000/frontends/*:1.*, or name[:tag]@sha256:<64 hex>'

interface Parts {
  registry: string
  repository: string
  tag?: string
  digest?: string
}

/** Split `[registry/]repository[:tag][@digest]` and apply docker's normalisation; no validation. */
function split(value: string): Parts {
  const at = value.indexOf('@')
  const digest = at < 0 ? undefined : value.slice(at + 1)
  let name = at < 0 ? value : value.slice(0, at)
  let tag: string | undefined
  const colon = name.lastIndexOf(':')
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1)
    name = name.slice(0, colon)
  }
  // As docker's splitDockerDomain: the first component is a registry when it looks like a host.
  const slash = name.indexOf('/')
  const first = name.slice(0, slash)
  const isHost = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)
  let registry = isHost ? first : DEFAULT_REGISTRY
  let repository = isHost ? name.slice(slash + 1) : name
  if (registry === 'index.docker.io') registry = DEFAULT_REGISTRY
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`
  if (tag === undefined && digest === undefined) tag = 'latest'
  return digest === undefined ? { registry, repository, tag } : { registry, repository, tag, digest }
}

function validDigest(d: string): boolean {
  const [algo, hex] = d.split(':')
  return DIGEST.test(d) && (DIGEST_LENGTH[algo] === undefined || hex.length === DIGEST_LENGTH[algo])
}

/** Why a reference is invalid, or undefined when it is valid. */
function problem(p: Parts, value: string): string | undefined {
  if (value.trim() !== value || value === '') return 'no surrounding spaces'
  if (!DOMAIN.test(p.registry)) return `registry '${p.registry}' is not a host name`
  if (p.repository.toLowerCase() !== p.repository) return 'repository name must be lowercase'
  if (!REPOSITORY.test(p.repository)) return `invalid repository '${p.repository}'`
  if (p.registry.length + 1 + p.repository.length > 255) return 'name longer than 255 characters'
  if (p.tag !== undefined && !TAG.test(p.tag)) return `invalid tag '${p.tag}'`
  if (p.digest !== undefined && !validDigest(p.digest)) return `invalid digest '${p.digest}'`
  return undefined
}

/** A normalised image reference; InputError naming inputName when it is not one. */
export function parseImageRef(value: string, inputName = 'syntax'): ImageRef {
  const p = split(value)
  const why = problem(p, value)
  if (why) throw new InputError(inputName, value, `${ACCEPTED_REF} (${why})`)
  return p
}

export function tryParseImageRef(value: string): ImageRef | undefined {
  const p = split(value)
  return problem(p, value) ? undefined : p
}

/** `docker.io/docker/dockerfile:1.7@sha256:…` */
export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
}

/** Validate an `allowed-syntax` list (commas/newlines) before anything runs. */
export function parseAllowedSyntax(value: string, inputName: string): string[] {
  const patterns = parseList(value, true, inputName)
  for (const p of patterns) {
    // Validate with every `*` standing in for one ordinary character.
    const parts = split(p)
    const sample = (s: string | undefined) => s?.replace(/\*/g, 'x')
    const why = problem(
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
    const p = split(pattern)
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

/** The Dockerfile's own frontend (`# syntax=` as BuildKit detects it) checked against the patterns; an
 * empty list allows nothing. No directive: undefined (the builder's built-in frontend is used). */
export function checkSyntaxDirective(
  parsed: ParsedDockerfile,
  patterns: readonly string[],
  file: string
): SyntaxViolation | undefined {
  const s = parsed.syntax
  if (!s) return undefined
  const allowed = patterns.length ? patterns.join(', ') : 'none'
  if (!tryParseImageRef(s.ref)) {
    return {
      file,
      line: s.line,
      message: `syntax '${s.ref}' is not a valid image reference (allowed: ${allowed})`
    }
  }
  if (matchesAllowed(s.ref, patterns)) return undefined
  return { file, line: s.line, message: `syntax '${s.ref}' is not allowed (allowed: ${allowed})` }
}
