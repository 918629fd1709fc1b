// `cache-mounts`, pure: each mount (input.ts reads them) matched with the Dockerfile's
// `RUN --mount=type=cache` flags, its Actions cache key, and the two small builds that move a mount's
// contents between the Actions cache and the builder (inject before the build, extract after it).
//
// A cache mount's identity in BuildKit is its id: the Dockerfile frontend passes
// `<BUILDKIT_CACHE_MOUNT_NS>/<id>` to AsPersistentCacheDir, the id defaulting to path.Clean(target).
// A mount with uid, gid or mode is made from a small "mkdir" state, and BuildKit keys it by that
// state's result too: the generated builds give the same options, so they reach the same cache.
import type { CacheMount } from '../model.js'
import { cleanTarget, INPUT } from './input.js'
import { csvRecords } from '../../lib/csv.js'
import { tagSafe } from '../../lib/image-ref.js'
import { mountKeyPrefix } from '../../lib/cache-mount-key.js'
import { parseDockerfile, type Instruction } from '../frontend/dockerfile.js'
import { ghaScope, type CacheEvent } from '../cache/cache-plan.js'

export type { CacheMount } from '../model.js'

/** A `--mount=type=cache` flag of a RUN, as written (values unexpanded). */
export interface DockerfileCacheMount {
  line: number
  fields: Record<string, string>
}

/** The RUN instructions' `--mount=type=cache` flags (ONBUILD ones too). */
export function dockerfileCacheMounts(instructions: Instruction[]): DockerfileCacheMount[] {
  const found: DockerfileCacheMount[] = []
  for (const ins of instructions)
    for (const cmd of [ins, ins.onbuild])
      if (cmd?.keyword === 'RUN')
        for (const f of cmd.flags) {
          if (f.name !== 'mount' || f.value === undefined) continue
          const fields = mountFields(f.value)
          if (fields.type?.toLowerCase() === 'cache') found.push({ line: ins.line, fields })
        }
  return found
}

function mountFields(value: string): Record<string, string> {
  const [cells = []] = csvRecords(value, { trim: true, relax_quotes: true })
  const fields: Record<string, string> = {}
  for (const cell of cells) {
    const eq = cell.indexOf('=')
    fields[(eq < 0 ? cell : cell.slice(0, eq)).toLowerCase()] = eq < 0 ? 'true' : cell.slice(eq + 1)
  }
  return fields
}

const IDENTITY_OPTIONS = ['uid', 'gid', 'mode'] as const

/**
 * Each mount matched with the Dockerfile's cache mounts: its uid/gid/mode taken over, and a warning for
 * a mount the Dockerfile does not have (or names otherwise), one from a stage (`from=`: BuildKit keys
 * it by that stage's result, which no other build reproduces), or one whose id comes from a variable.
 */
export function matchDockerfile(
  mounts: CacheMount[],
  found: DockerfileCacheMount[],
  path: string
): { mounts: CacheMount[]; warnings: string[] } {
  const warnings: string[] = []
  const variable = found.filter(f => /\$/.test(f.fields.id ?? f.fields.target ?? ''))
  const matched = mounts.map(m => {
    const own = found.filter(
      f => (f.fields.id !== undefined ? f.fields.id : cleanTarget(f.fields.target ?? '')) === m.id
    )
    if (!own.length) {
      const named = found.find(
        f =>
          f.fields.id !== undefined &&
          !m.name.startsWith('id=') &&
          cleanTarget(f.fields.target ?? '') === m.id
      )
      warnings.push(
        named
          ? `${INPUT}: ${m.name}: the cache mount at ${path}:${named.line} has id=${named.fields.id}; write id=${named.fields.id}`
          : `${INPUT}: ${m.name}: ${path} has no RUN --mount=type=cache with ${m.name.startsWith('id=') ? 'this id' : 'this target and no id'}${variable.length ? ` (the mount at line ${variable[0].line} is named by a variable and cannot be checked)` : ''}; it is restored and saved all the same`
      )
      return m
    }
    const first = own[0]
    if (first.fields.from !== undefined)
      warnings.push(
        `${INPUT}: ${m.name}: the cache mount at ${path}:${first.line} is made from=${first.fields.from}; BuildKit keys it by that stage's result, so the restored contents may not reach it`
      )
    const options: Record<string, string> = {}
    for (const o of IDENTITY_OPTIONS) {
      const v = first.fields[o]
      if (v === undefined) continue
      if (!/^[0-7]+$|^\d+$/.test(v)) {
        warnings.push(
          `${INPUT}: ${m.name}: ${o}=${v} at ${path}:${first.line} is not a number; the mount is restored without it`
        )
        continue
      }
      options[o] = v
    }
    return { ...m, options }
  })
  return { mounts: matched, warnings }
}

/** Node's process.arch as a platform slug: what the builder builds for when no platform is given. */
export function nativeSlug(arch: string = process.arch): string {
  const map: Record<string, string> = {
    x64: 'linux-amd64',
    arm64: 'linux-arm64',
    arm: 'linux-arm',
    ia32: 'linux-386'
  }
  return map[arch] ?? `linux-${tagSafe(arch)}`
}

/** The restore prefix of a mount's archives in the build's scope (lib/cache-mount-key.ts). */
export const keyPrefixOf = (scope: string, m: Pick<CacheMount, 'id' | 'options'>): string =>
  mountKeyPrefix(scope, [m.id, m.options.uid ?? '', m.options.gid ?? '', m.options.mode ?? ''])

export interface MountsPlan {
  mounts: CacheMount[]
  /** The scope of the keys: the build's cache scope, always with a platform slug. */
  scope: string
  /** Why nothing is saved after the build (a pull request, cache-write: false), or undefined. */
  readOnly?: string
  warnings: string[]
}

/**
 * The mounts to restore and save, pure. The scope is the one the gha and local caches use (image +
 * target, or cache-scope) with the platform always in it: the build's one platform, else the runner's
 * (the builder's native platform on a hosted runner), so legs and runners of other arches never share
 * a mount. Pull requests read and never write, as for the rest of the cache.
 */
export function planMounts(o: {
  mounts: CacheMount[]
  tags: string[]
  cacheScope: string
  target: string
  /** The build's single platform as a slug, when it has one. */
  platformSlug?: string
  nativeSlug: string
  write: boolean
  event: CacheEvent
  dockerfile?: { path: string; text?: string }
}): MountsPlan {
  const scope = ghaScope({
    tags: o.tags,
    cacheScope: o.cacheScope || undefined,
    target: o.target || undefined,
    platformSlug: o.platformSlug ?? o.nativeSlug
  })
  let mounts = o.mounts
  const warnings: string[] = []
  if (o.dockerfile?.text !== undefined) {
    const found = dockerfileCacheMounts(parseDockerfile(o.dockerfile.text).instructions)
    const matched = matchDockerfile(o.mounts, found, o.dockerfile.path)
    mounts = matched.mounts
    warnings.push(...matched.warnings)
  }
  const pr = o.event.name === 'pull_request' || o.event.name === 'pull_request_target'
  const readOnly = pr
    ? `a ${o.event.name} run reads the mounts and never writes them`
    : !o.write
      ? 'cache-write is false'
      : undefined
  return { mounts, scope, readOnly, warnings }
}
