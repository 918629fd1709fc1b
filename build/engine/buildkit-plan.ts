// Pure planning: the exact buildx argv for a build, its attestations as build-push-action sets them, and
// the command line as the log shows it.
import { csvRecords } from '../../lib/csv.js'
import { exporterTypes, GO_BOOL, GO_TRUE } from '../buildx-values.js'
import { legMarkFlag } from '../matrix/leg-mark.js'
import type { BuildInputs, LegMark } from '../model.js'

export interface BuildContext {
  /** Where buildx writes the result metadata (digest, config digest). */
  metadataFile: string
  /** Secret files written by the caller for `secrets` (id → path). */
  secretPaths: Record<string, string>
  /** The builder to use: the input, else the one setup-builder exported (BUILDX_BUILDER). */
  builder: string
  /** Cache entries as buildx takes them (the cache plan, formatted). */
  cacheFrom: string[]
  cacheTo: string[]
  /** Build args the cache plan needs (BUILDKIT_INLINE_CACHE); a user's own value wins. */
  cacheBuildArgs?: Record<string, string>
  /** Where buildx writes the image ID (the `imageid` output), as build-push-action asks for it. */
  iidFile?: string
  /** The run's facts the default provenance takes (workflow-run.ts). */
  attest?: AttestFacts
  /** A matrix leg's mark, for what it pushes (matrix/leg-mark.ts). */
  legMark?: LegMark
}

export interface AttestFacts {
  /** The run's URL with its attempt (provenance's builder-id); undefined outside a workflow run. */
  builderId?: string
  /** A private repository gets buildx's own default provenance (mode=min, inline-only). */
  privateRepo: boolean
  /** false: no default provenance (a builder that refuses attestations, engine/refused.ts). */
  defaultProvenance?: boolean
}

/** The secrets with github-token added as GIT_AUTH_TOKEN.<host> for a Git context on the GitHub server
 * (as build-push-action does); a GIT_AUTH_TOKEN secret of the user's wins. */
export function gitAuthSecrets(i: BuildInputs, serverUrl?: string): BuildInputs['secrets'] {
  const host = gitAuthHost(i.context, serverUrl)
  const own = [...i.secrets, ...i.secretFiles, ...i.secretEnvs].some(x => x.id.startsWith('GIT_AUTH_TOKEN'))
  return host && i.githubToken && !own
    ? [...i.secrets, { id: `GIT_AUTH_TOKEN.${host}`, value: i.githubToken }]
    : i.secrets
}

/** The GitHub server's host when the context is a Git URL on it (as build-push-action does). */
export function gitAuthHost(context: string, serverUrl = 'https://github.com'): string | undefined {
  const host = /^https?:\/\/([^/]+)/.exec(serverUrl)?.[1]
  const m = /^https?:\/\/([^/@]+@)?([^/]+)\/[^#]+?(\.git)?(#.*)?$/.exec(context)
  return host && m && m[2] === host ? host : undefined
}

export interface BuildPlan {
  args: string[]
}

export function planBuild(i: BuildInputs, ctx: BuildContext): BuildPlan {
  const args = ['buildx', 'build', '--progress=plain', '--metadata-file', ctx.metadataFile]
  const flag = (name: string, values: string[]) => values.forEach(v => args.push(name, v))
  if (ctx.builder) args.push('--builder', ctx.builder)
  if (i.file) args.push('--file', i.file)
  const attests = attestArgs(i, ctx.attest ?? { privateRepo: false })
  flag('--tag', i.tags)
  flag('--label', i.labels)
  flag('--annotation', i.annotations)
  if (ctx.legMark) args.push(...legMarkFlag(ctx.legMark, attests.some(attestationEnabled)))
  flag('--build-arg', i.buildArgs)
  const userArgs = new Set(i.buildArgs.map(a => a.split('=')[0]))
  const cacheArgs = Object.entries(ctx.cacheBuildArgs ?? {}).filter(([k]) => !userArgs.has(k))
  flag(
    '--build-arg',
    cacheArgs.map(([k, v]) => `${k}=${v}`)
  )
  // buildx turns BUILDKIT_INLINE_CACHE into an inline cache export itself; with `--cache-to
  // type=inline` as well BuildKit fails ("duplicate cache exports [inline]"). The build arg wins
  // (a user's BUILDKIT_INLINE_CACHE=0 turns inline off).
  const inlineArg =
    userArgs.has('BUILDKIT_INLINE_CACHE') || cacheArgs.some(([k]) => k === 'BUILDKIT_INLINE_CACHE')
  const cacheTo = ctx.cacheTo.filter(e => !(inlineArg && e === 'type=inline'))
  flag('--build-context', i.buildContexts)
  if (i.target) args.push('--target', i.target)
  if (i.platforms.length) args.push('--platform', i.platforms.join(','))
  if (i.push) args.push('--push')
  if (i.load) args.push('--load')
  flag('--output', i.outputs)
  const exporters = exporterTypes(i.outputs)
  if (ctx.iidFile && !exporters.some(t => t === 'local' || t === 'tar')) args.push('--iidfile', ctx.iidFile)
  flag(
    '--secret',
    i.secrets.map(s => `id=${s.id},src=${ctx.secretPaths[s.id]}`)
  )
  flag(
    '--secret',
    i.secretFiles.map(s => `id=${s.id},src=${s.path}`)
  )
  flag(
    '--secret',
    i.secretEnvs.map(s => `id=${s.id},env=${s.env}`)
  )
  flag('--ssh', i.ssh)
  if (i.noCache) args.push('--no-cache')
  flag('--no-cache-filter', i.noCacheFilters)
  if (i.pull) args.push('--pull')
  if (i.network) args.push('--network', i.network)
  flag('--allow', i.allow)
  flag('--add-host', i.addHosts)
  if (i.shmSize) args.push('--shm-size', i.shmSize)
  flag('--ulimit', i.ulimit)
  flag('--attest', attests)
  if (i.call) args.push(`--call=${i.call}`)
  if (i.cgroupParent) args.push('--cgroup-parent', i.cgroupParent)
  flag('--cache-from', ctx.cacheFrom)
  flag('--cache-to', cacheTo)
  args.push(i.context)
  return { args }
}

/** The outputs a build reports: the digest from buildx's metadata file, the image ID from the iidfile
 * (what build-push-action reports; set for pushed images too), else the metadata's config digest. */
export function resultOutputs(
  metadata: Record<string, unknown>,
  iid = ''
): { digest: string; imageid: string } {
  const str = (k: string) => (typeof metadata[k] === 'string' ? (metadata[k] as string) : '')
  return { digest: str('containerimage.digest'), imageid: iid.trim() || str('containerimage.config.digest') }
}

/** The command line as the log shows it: one line whatever the arguments hold (a newline in a build
 * arg is shown as \\n, never written raw where the runner would read it as a workflow command); an
 * argument with spaces or quotes is quoted as a shell would need it. */
export function displayCommand(args: string[]): string {
  return args
    .map(a => {
      const flat = a.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n')
      return flat !== '' && !/[\s'"\\]/.test(flat) ? flat : `'${flat.replace(/'/g, `'\\''`)}'`
    })
    .join(' ')
}

// Attestations, as build-push-action's getAttestArgs and docker/actions-toolkit's Build helpers set them.

const csvCells = (attrs: string): string[] =>
  csvRecords(attrs, { trim: true, relax_column_count: true }).flat()

/** `type=<name>` among the attributes (Build.hasAttestationType). */
export const hasAttestationType = (name: string, attrs: string): boolean =>
  csvCells(attrs).some(c => {
    const [k, v] = c.split('=').map(x => x.trim())
    return k === 'type' && v === name
  })

/** An `--attest` value that makes an attestation: not `disabled=<true>` (Go's strconv.ParseBool). */
export const attestationEnabled = (attrs: string): boolean =>
  !csvCells(attrs).some(c => {
    const [k, v] = c.split('=').map(x => x.trim())
    return k === 'disabled' && GO_TRUE.test(v ?? '')
  })

/** A bare boolean attribute becomes `disabled=<not it>`, as buildx reads it (Build.resolveAttestationAttrs). */
export const resolveAttestationAttrs = (attrs: string): string =>
  csvCells(attrs)
    .map(a => (GO_BOOL.test(a) ? `disabled=${!GO_TRUE.test(a)}` : a))
    .join(',')

/** `builder-id=<the run's URL>` added unless the attributes name one (Build.resolveProvenanceAttrs). */
export function resolveProvenanceAttrs(input: string, builderId?: string): string {
  const id = builderId ? `builder-id=${builderId}` : ''
  if (!input) return id
  const given = csvRecords(input, { relax_column_count: true, skip_empty_lines: true })[0] ?? []
  if (!id || given.some(f => f.split('=')[0].trim() === 'builder-id')) return input
  return `${input},${id}`
}

/** The `provenance` input as the peer reads it (Build.getProvenanceInput): true is the builder-id alone,
 * false stays false, attributes get the builder-id. */
export function provenanceInput(value: string, builderId?: string): string {
  if (!value) return ''
  if (['true', 'True', 'TRUE'].includes(value)) return builderId ? `builder-id=${builderId}` : 'true'
  if (['false', 'False', 'FALSE'].includes(value)) return 'false'
  return resolveProvenanceAttrs(value, builderId)
}

/**
 * The `--attest` values. `provenance` and `sbom` win over an `attests` entry of their type. Without
 * either, a build whose image leaves the builder (push or outputs) gets the peer's default provenance:
 * mode=max with the run's URL as builder-id on a public repository, mode=min,inline-only on a private
 * one; not when the image is loaded into the engine (docker exporter), as the peer.
 */
export function attestArgs(i: BuildInputs, facts: AttestFacts): string[] {
  const out: string[] = []
  const isProvenance = (a: string) => hasAttestationType('provenance', a)
  const isSbom = (a: string) => hasAttestationType('sbom', a)
  if (i.provenance) {
    out.push(resolveAttestationAttrs(`type=provenance,${provenanceInput(i.provenance, facts.builderId)}`))
  } else if (
    facts.builderId &&
    facts.defaultProvenance !== false &&
    !i.attests.some(isProvenance) &&
    (i.push || i.outputs.length > 0) &&
    !(i.load || exporterTypes(i.outputs).includes('docker'))
  ) {
    const mode = facts.privateRepo ? 'mode=min,inline-only=true' : 'mode=max'
    out.push(`type=provenance,${resolveProvenanceAttrs(mode, facts.builderId)}`)
  }
  if (i.sbom) out.push(resolveAttestationAttrs(`type=sbom,${i.sbom}`))
  for (const a of i.attests) {
    if (!isProvenance(a) && !isSbom(a)) out.push(resolveAttestationAttrs(a))
    else if (!i.provenance && isProvenance(a)) out.push(resolveProvenanceAttrs(a, facts.builderId))
    else if (!i.sbom && isSbom(a)) out.push(a)
  }
  return out
}
