// The classic builder (DOCKER_BUILDKIT=0 docker build), for arches BuildKit cannot serve (bashbrew's
// `s390x-Builder: classic`): the flags it understands (inputs/combinations.ts refuses the others).
import type { Vertex } from '../progress.js'
import type { BuildInputs } from '../model.js'

export interface ClassicPlan {
  args: string[]
  env: Record<string, string>
  /** Tags to push with `docker push` after the build (the classic builder cannot push itself). */
  push: string[]
  /** cache-from images to pull first (the classic builder only reads cache from local images). */
  pull: string[]
}

export function planClassic(i: BuildInputs, platform: string, iidFile: string): ClassicPlan {
  // What the classic builder cannot do was refused with the inputs (inputs/combinations.ts).
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
export function classicSteps(lines: string[]): Vertex[] {
  const steps: Vertex[] = []
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
