// Image references, the one reading of them for every action: `[registry/]repository[:tag][@digest]`.
//
// parseImageRef follows docker's distribution/reference with its normalisation: no registry → docker.io
// (index.docker.io too), a single-component docker.io name gets `library/`, and neither tag nor digest
// means `:latest` (what BuildKit resolves). imageRepository and splitRepository work on names as the
// user wrote them (tags, cache refs, registry repositories) and share the same rule for what is a host.
import { InputError } from './errors.js'

export interface ImageRef {
  registry: string
  repository: string
  /** undefined only when a digest is given without a tag */
  tag?: string
  digest?: string
}

export const DEFAULT_REGISTRY = 'docker.io'
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`)
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = new RegExp(`^(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`)
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^[a-z][a-z0-9]*(?:[-_+.][a-z][a-z0-9]*)*:[0-9a-f]{32,}$/
const DIGEST_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 }

const ACCEPTED_REF =
  'an image reference such as docker/dockerfile:1.7.1 or docker/dockerfile:1.7@sha256:<64 hex>'

/** As docker's splitDockerDomain: the first of several components is a registry when it looks like a
 * host (a `.` or `:`, `localhost`, or upper case, which a repository never has). */
export function isHostComponent(first: string): boolean {
  return /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first
}

/** Split `[registry/]repository[:tag][@digest]` and apply docker's normalisation; no validation. */
export function splitImageRef(value: string): ImageRef {
  const at = value.indexOf('@')
  const digest = at < 0 ? undefined : value.slice(at + 1)
  let name = at < 0 ? value : value.slice(0, at)
  let tag: string | undefined
  const colon = name.lastIndexOf(':')
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1)
    name = name.slice(0, colon)
  }
  const slash = name.indexOf('/')
  const isHost = slash >= 0 && isHostComponent(name.slice(0, slash))
  let registry = isHost ? name.slice(0, slash) : DEFAULT_REGISTRY
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

/** Why a split reference is invalid, or undefined when it is valid. */
export function refProblem(p: ImageRef, value: string): string | undefined {
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
  const p = splitImageRef(value)
  const why = refProblem(p, value)
  if (why) throw new InputError(inputName, value, `${ACCEPTED_REF} (${why})`)
  return p
}

export function tryParseImageRef(value: string): ImageRef | undefined {
  const p = splitImageRef(value)
  return refProblem(p, value) ? undefined : p
}

/** `docker.io/docker/dockerfile:1.7@sha256:…` */
export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
}

/** Any text made safe for a tag, a cache key or a file name: runs of other characters become `-`. */
export const tagSafe = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '-')

/** The same, keeping `/` (cache scopes are paths of names). */
export const scopeSafe = (s: string): string => s.replace(/[^A-Za-z0-9_./-]+/g, '-')

/** `ghcr.io/acme/app:1.2` → `ghcr.io/acme/app`; `localhost:5000/app@sha256:…` → `localhost:5000/app`. */
export function imageRepository(ref: string): string {
  const name = ref.split('@')[0]
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  return colon > slash ? name.slice(0, colon) : name
}

/** The tag of `repo:tag` (`latest` when none is written). */
export const imageTag = (ref: string): string =>
  ref.split('@')[0].slice(imageRepository(ref).length + 1) || 'latest'

/** The registry host a reference names, lower case (`docker.io` when it names none). */
export function registryHost(ref: string): string {
  const slash = ref.indexOf('/')
  const first = slash < 0 ? '' : ref.slice(0, slash)
  return (first && isHostComponent(first) ? first : DEFAULT_REGISTRY).toLowerCase()
}

/** A repository reference (no tag or digest) → the registry host the distribution API answers on and
 * the repository's path there; Docker Hub's names get its API host and the library/ prefix. */
export function splitRepository(repo: string): { host: string; name: string } {
  const slash = repo.indexOf('/')
  const first = slash < 0 ? '' : repo.slice(0, slash)
  const host = first && isHostComponent(first) ? first : ''
  const name = host ? repo.slice(slash + 1) : repo
  if (!host || host === 'docker.io' || host === 'index.docker.io')
    return { host: 'registry-1.docker.io', name: name.includes('/') ? name : `library/${name}` }
  return { host, name }
}

/** Two references name the same repository after docker's normalisation (tags and digests aside). */
export function sameRepository(a: string, b: string): boolean {
  const repo = (r: string) => {
    const p = splitImageRef(imageRepository(r).replace(/^registry-1\.docker\.io\//, 'docker.io/'))
    return `${p.registry.toLowerCase()}/${p.repository}`
  }
  return repo(a) === repo(b)
}
