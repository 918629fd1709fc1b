// Pure planning: the exact buildx argv for a build.
import type { BuildInputs } from '../inputs.js'

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
  flag('--tag', i.tags)
  flag('--label', i.labels)
  flag('--annotation', i.annotations)
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
  if (i.provenance) args.push(`--provenance=${i.provenance}`)
  if (i.sbom) args.push(`--sbom=${i.sbom}`)
  if (i.noCache) args.push('--no-cache')
  flag('--no-cache-filter', i.noCacheFilters)
  if (i.pull) args.push('--pull')
  if (i.network) args.push('--network', i.network)
  flag('--allow', i.allow)
  flag('--add-host', i.addHosts)
  if (i.shmSize) args.push('--shm-size', i.shmSize)
  flag('--ulimit', i.ulimit)
  flag('--attest', i.attests)
  if (i.call) args.push(`--call=${i.call}`)
  if (i.cgroupParent) args.push('--cgroup-parent', i.cgroupParent)
  flag('--cache-from', ctx.cacheFrom)
  flag('--cache-to', cacheTo)
  args.push(i.context)
  return { args }
}

/** The outputs a build reports, read from buildx's metadata file. */
export function resultOutputs(metadata: Record<string, unknown>): { digest: string; imageid: string } {
  const str = (k: string) => (typeof metadata[k] === 'string' ? (metadata[k] as string) : '')
  return { digest: str('containerimage.digest'), imageid: str('containerimage.config.digest') }
}
