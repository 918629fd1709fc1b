// The classic builder (DOCKER_BUILDKIT=0 docker build), for arches BuildKit cannot serve (bashbrew's
// `s390x-Builder: classic`): the flags it understands, and a clear refusal of those it does not.
import { UserError } from '../lib/errors.js'
import type { BuildInputs } from './inputs.js'

export interface ClassicPlan {
  args: string[]
  env: Record<string, string>
  /** Tags to push with `docker push` after the build (the classic builder cannot push itself). */
  push: string[]
}

export function planClassic(i: BuildInputs, platform: string, iidFile: string): ClassicPlan {
  const unsupported: [boolean, string][] = [
    [
      i.cacheTo.length > 0,
      'cache-to (the classic builder exports no cache; use inline caching or engine: buildkit)'
    ],
    [i.outputs.length > 0, 'outputs'],
    [i.secrets.length + i.secretFiles.length + i.secretEnvs.length > 0, 'secrets'],
    [i.ssh.length > 0, 'ssh'],
    [i.buildContexts.length > 0, 'build-contexts'],
    [i.annotations.length > 0, 'annotations'],
    [i.provenance !== '' && i.provenance !== 'false', 'provenance'],
    [i.sbom !== '' && i.sbom !== 'false', 'sbom'],
    [i.platforms.length > 1, 'several platforms'],
    [i.noCacheFilters.length > 0, 'no-cache-filters'],
    [i.allow.length > 0, 'allow'],
    [i.cacheFrom.some(e => e.type !== 'registry'), 'cache-from other than image references']
  ]
  const refused = unsupported.filter(([bad]) => bad).map(([, what]) => what)
  if (refused.length)
    throw new UserError(`engine classic: the classic builder does not support ${refused.join(', ')}`)

  const args = ['build', '--iidfile', iidFile]
  const flag = (name: string, values: string[]) => values.forEach(v => args.push(name, v))
  if (platform) args.push('--platform', platform)
  if (i.file) args.push('--file', i.file)
  flag('--tag', i.tags)
  flag('--label', i.labels)
  flag('--build-arg', i.buildArgs)
  if (i.target) args.push('--target', i.target)
  // The classic builder reads cache only from images in the engine: cache-from refs are pulled first.
  flag(
    '--cache-from',
    i.cacheFrom.map(e => e.attrs.ref)
  )
  if (i.noCache) args.push('--no-cache')
  if (i.pull) args.push('--pull')
  if (i.network) args.push('--network', i.network)
  flag('--add-host', i.addHosts)
  if (i.shmSize) args.push('--shm-size', i.shmSize)
  flag('--ulimit', i.ulimit)
  args.push(i.context)
  return { args, env: { DOCKER_BUILDKIT: '0' }, push: i.push ? i.tags : [] }
}
