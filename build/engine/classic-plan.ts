// The classic builder (DOCKER_BUILDKIT=0 docker build), for arches BuildKit cannot serve (bashbrew's
// `s390x-Builder: classic`): the flags it understands, and a clear refusal of those it does not.
import { UserError } from '../../lib/errors.js'
import type { Step } from '../progress.js'
import type { BuildInputs } from '../inputs/read.js'

export interface ClassicPlan {
  args: string[]
  env: Record<string, string>
  /** Tags to push with `docker push` after the build (the classic builder cannot push itself). */
  push: string[]
  /** cache-from images to pull first (the classic builder only reads cache from local images). */
  pull: string[]
}

export function planClassic(i: BuildInputs, platform: string, iidFile: string): ClassicPlan {
  const unsupported: [boolean, string][] = [
    [
      i.cacheTo.length > 0,
      'cache-to (the classic builder exports no cache: give a pushed image in cache-from, or use engine: buildkit)'
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
    [i.attests.length > 0, 'attests'],
    [i.call !== '' && i.call !== 'build', 'call'],
    [i.cacheFrom.some(e => e.type !== 'registry'), 'cache-from other than image references'],
    [i.cache !== 'none', `cache: ${i.cache} (it reads cache only from images: give one in cache-from)`]
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
  const pull = i.cacheFrom.map(e => e.attrs.ref)
  flag('--cache-from', pull)
  if (i.noCache) args.push('--no-cache')
  if (i.pull) args.push('--pull')
  if (i.network) args.push('--network', i.network)
  flag('--add-host', i.addHosts)
  if (i.shmSize) args.push('--shm-size', i.shmSize)
  flag('--ulimit', i.ulimit)
  if (i.cgroupParent) args.push('--cgroup-parent', i.cgroupParent)
  args.push(i.context)
  return { args, env: { DOCKER_BUILDKIT: '0' }, push: i.push ? i.tags : [], pull }
}

/** The classic builder's log as build steps (`Step 2/5 : RUN make`, then ` ---> Using cache` for a hit),
 * named as BuildKit names them, so the cache report counts both engines alike. */
export function classicSteps(lines: string[]): Step[] {
  const steps: Step[] = []
  for (const line of lines) {
    const m = /^Step (\d+\/\d+) : (.*)$/.exec(line)
    if (m)
      steps.push({
        id: String(steps.length + 1),
        name: `[${m[1]}] ${m[2]}`,
        cached: false,
        durationMs: 0,
        lines: []
      })
    else if (steps.length) {
      const step = steps[steps.length - 1]
      step.lines.push(line)
      if (/^ ---> Using cache$/.test(line)) {
        step.cached = true
        delete step.durationMs
      }
    }
  }
  return steps
}
