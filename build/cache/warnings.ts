// A cache export that fails must not fail the build (cache-to gets ignore-error=true), but it must
// not fail silently either: find the failed export in buildx's output and explain the likely cause.
// Messages as BuildKit prints them (see __tests__/fixtures/progress/*cache-export*):
//   #13 exporting cache to registry
//   #13 ERROR: error writing manifest blob: failed commit on ref "sha256:…": unexpected status from
//       PUT request to https://host/v2/app/manifests/buildcache: 400 Bad Request
// and, without ignore-error (or with older buildx), the final `ERROR: failed to solve: …` line.
import { registryHost, sameRepository } from '../../lib/image-ref.js'
import { isEcrHost, isGcrHost } from './registries.js'
import { parseProgress, type Vertex } from '../progress.js'
import type { CacheEntry } from '../model.js'

export type CacheQuirk =
  | 'ecr'
  | 'ecr-repository'
  | 'gcr'
  | 'manifest-list'
  | 'unauthorized'
  | 'unreachable'
  | 'gha-service'
  | 'generic'

export interface CacheExportFailure {
  /** The exporter vertex name, e.g. `exporting cache to registry` (empty when only the final error names it). */
  exporter: string
  error: string
  /** The exporter's progress lines (they tell an image manifest from a manifest list). */
  lines: string[]
}

export interface CacheWarning {
  quirk: CacheQuirk
  /** The cache ref (registry) or type that failed. */
  target: string
  /** The exporter's type, and the cache-to entry that failed when the output tells which. */
  type: CacheEntry['type'] | 'unknown'
  entry?: CacheEntry
  message: string
  docs: string
}

export const DOCS = {
  registry: 'https://docs.docker.com/build/cache/backends/registry/',
  gha: 'https://docs.docker.com/build/cache/backends/gha/',
  local: 'https://docs.docker.com/build/cache/backends/local/',
  backends: 'https://docs.docker.com/build/cache/backends/',
  ecr: 'https://aws.amazon.com/blogs/containers/announcing-remote-cache-support-in-amazon-ecr-for-buildkit-clients/'
}

const EXPORTER = /^exporting (cache\b|to GitHub Actions Cache)/i
const CACHE_ERROR = /error writing (manifest|layer) blob|export(ing)? cache|cache export|gha-cache-sunset/i
const FINAL_ERROR = /^(ERROR|error): (failed to build: )?failed to solve: (.*)$/

/** Failed cache exports in buildx output (plain progress, or the final error of any progress mode). */
export function findCacheExportFailures(output: string | string[]): CacheExportFailure[] {
  const lines = typeof output === 'string' ? output.split(/\r?\n/) : output
  const failures = parseProgress(lines)
    .filter(s => EXPORTER.test(s.name) && s.error !== undefined)
    .map(s => ({ exporter: s.name, error: s.error!, lines: s.lines }))
  if (failures.length > 0) return failures
  for (const line of lines) {
    const m = FINAL_ERROR.exec(line.trim())
    if (m && CACHE_ERROR.test(m[3]))
      failures.push({ exporter: '', error: m[3].replace(/^rpc error: code = \w+ desc = /, ''), lines: [] })
  }
  return failures
}

/**
 * The cache-to entries a build wrote, for its report: none when the build failed (BuildKit exports
 * cache after a successful solve), and none whose export failed: the entry a warning names, else every
 * entry of the warning's type (of every type but inline, which travels with the image, when unknown).
 */
export function writtenEntries(
  cacheTo: CacheEntry[],
  warnings: CacheWarning[],
  built: boolean
): CacheEntry[] {
  if (!built) return []
  const failed = (e: CacheEntry) =>
    warnings.some(w =>
      w.entry ? w.entry === e : w.type === e.type || (w.type === 'unknown' && e.type !== 'inline')
    )
  return cacheTo.filter(e => !failed(e))
}

// BuildKit's gha cache client backs off when the GitHub cache service limits its requests (429), for
// minutes when that repeats, and says nothing: the cache step only takes long. Its own work is timed
// on its lines (`writing layer sha256:… 1.2s done`); the rest of the step is waiting.
const GHA_STEP = /^(importing cache manifest from gha:|exporting to GitHub Actions Cache)/
const TIMED_LINE = /\s(\d+(?:\.\d+)?)s done$/

/** One warning when a gha cache step waited `thresholdMs` or more beyond its own timed work. */
export function cacheServiceWait(steps: Vertex[], thresholdMs = 5000): string | undefined {
  const waits = steps
    .filter(s => GHA_STEP.test(s.name) && s.durationMs !== undefined)
    .map(s => {
      const work = s.lines.reduce((t, l) => t + Number(TIMED_LINE.exec(l)?.[1] ?? 0) * 1000, 0)
      return { name: s.name, ms: s.durationMs! - work }
    })
    .filter(w => w.ms >= thresholdMs)
  if (!waits.length) return undefined
  const total = waits.reduce((t, w) => t + w.ms, 0)
  return (
    `cache: gha: BuildKit waited ${(total / 1000).toFixed(1)} s on the GitHub cache service (${waits.map(w => w.name).join('; ')}): ` +
    'the service limits requests (429) and BuildKit backs off, for minutes when that repeats. ' +
    'Fewer gha cache writes (one scope per image and arch, cache-write: false on pull requests) or cache: registry avoid it.'
  )
}

/** One warning per failed cache export, naming the likely registry quirk and the docs to read. */
export function cacheExportWarnings(output: string | string[], cacheTo: CacheEntry[]): CacheWarning[] {
  return findCacheExportFailures(output).map(f => explain(f, cacheTo))
}

function explain(f: CacheExportFailure, cacheTo: CacheEntry[]): CacheWarning {
  const kind = exporterType(f, cacheTo)
  const short = f.error.split('\n')[0].slice(0, 300)
  if (kind === 'registry') return explainRegistry(f, short, registryEntry(f, cacheTo))
  const target = kind === 'unknown' ? 'cache' : `type=${kind}`
  const warn = (quirk: CacheQuirk, hint: string, docs: string): CacheWarning => ({
    quirk,
    target,
    type: kind,
    docs,
    message: `Cache export to ${target} failed (${short}); the image is not affected. ${hint} See ${docs}`
  })
  if (kind === 'gha' && /legacy service is shutting down|gha-cache-sunset/i.test(f.error)) {
    return warn(
      'gha-service',
      'The GitHub cache service v1 is gone: the gha cache needs buildx >= 0.21 and BuildKit >= 0.20 (cache service v2).',
      DOCS.gha
    )
  }
  const docs = kind === 'gha' ? DOCS.gha : kind === 'local' ? DOCS.local : DOCS.backends
  return warn('generic', 'The next build starts with a colder cache.', docs)
}

function explainRegistry(f: CacheExportFailure, short: string, entry: CacheEntry | undefined): CacheWarning {
  const ref = entry?.attrs.ref ?? urlRef(f.error) ?? 'registry'
  const host = registryHost(ref)
  const attrs = entry?.attrs ?? {}
  const imageManifest =
    attrs['image-manifest'] === 'true' || f.lines.some(l => /writing cache image manifest/.test(l))
  const warn = (quirk: CacheQuirk, hint: string, docs = DOCS.registry): CacheWarning => ({
    quirk,
    target: ref,
    type: 'registry',
    entry,
    docs,
    message: `Cache export to ${ref} failed (${short}); the image is not affected. ${hint} See ${docs}`
  })
  const ociHint = 'set image-manifest=true,oci-mediatypes=true on the cache-to entry'
  if (/\b40[13]\b|unauthori[sz]ed|denied|forbidden/i.test(f.error)) {
    return warn(
      'unauthorized',
      `The registry refused the push: log in to ${host} with push rights to the cache repository (GHCR: permissions packages: write).`
    )
  }
  if (
    /dial tcp|connection refused|no such host|i\/o timeout|TLS handshake|HTTP response to HTTPS client/i.test(
      f.error
    )
  ) {
    return warn('unreachable', `${host} could not be reached from the builder.`)
  }
  if (isEcrHost(host)) {
    if (!imageManifest || attrs['oci-mediatypes'] === 'false') {
      return warn(
        'ecr',
        `Amazon ECR takes BuildKit cache only as an OCI image manifest: ${ociHint}.`,
        DOCS.ecr
      )
    }
    if (/\b404\b|not found|name unknown|RepositoryNotFound/i.test(f.error)) {
      return warn(
        'ecr-repository',
        'Amazon ECR does not create repositories on push: create the cache repository first.',
        DOCS.ecr
      )
    }
    return warn('ecr', 'Amazon ECR rejected the cache export.', DOCS.ecr)
  }
  if (isGcrHost(host)) {
    return warn(
      'gcr',
      `Container Registry (gcr.io) rejects BuildKit cache manifests: keep the cache in Artifact Registry (<region>-docker.pkg.dev), or ${ociHint}.`
    )
  }
  if (
    /\b400\b|MANIFEST_INVALID|manifest invalid/i.test(f.error) &&
    /manifest/i.test(f.error) &&
    !imageManifest
  ) {
    return warn('manifest-list', `The registry rejected the cache manifest list (an OCI index): ${ociHint}.`)
  }
  return warn('generic', 'The next build starts with a colder cache.')
}

function exporterType(f: CacheExportFailure, cacheTo: CacheEntry[]): CacheEntry['type'] | 'unknown' {
  const n = f.exporter
  if (/registry/i.test(n)) return 'registry'
  if (/GitHub Actions/i.test(n)) return 'gha'
  if (/client directory|local/i.test(n)) return 'local'
  if (/\bs3\b/i.test(n)) return 's3'
  if (/azure|azblob/i.test(n)) return 'azblob'
  if (/\/v2\/.+\/(manifests|blobs)\//.test(f.error)) return 'registry'
  const types = [...new Set(cacheTo.map(e => e.type).filter(t => t !== 'inline'))]
  return types.length === 1 ? types[0] : 'unknown'
}

/** The cache-to entry the failure is about: the one whose repository is in the error's URL. */
function registryEntry(f: CacheExportFailure, cacheTo: CacheEntry[]): CacheEntry | undefined {
  const registries = cacheTo.filter(e => e.type === 'registry' && e.attrs.ref)
  const failed = urlRef(f.error)
  const match = failed && registries.find(e => sameRepository(e.attrs.ref, failed))
  return match || (registries.length === 1 ? registries[0] : undefined)
}

// `https://host/v2/<name>/manifests/<tag>` → `host/<name>:<tag>` (blobs: `host/<name>`).
function urlRef(error: string): string | undefined {
  const m = /https?:\/\/([^/\s"]+)\/v2\/(.+?)\/(manifests|blobs)\/([^\s":]+)/.exec(error)
  if (!m) return undefined
  return m[3] === 'manifests' && !m[4].startsWith('sha256') ? `${m[1]}/${m[2]}:${m[4]}` : `${m[1]}/${m[2]}`
}
