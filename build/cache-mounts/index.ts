// `cache-mounts` for one build step, loaded on demand (build/lazy.ts): the step's facts gathered into
// the plan (plan.ts), then the mounts restored before the build and saved after it (mounts.ts).
import { tmpdir } from 'node:os'
import { readDockerfile } from '../../lib/files.js'
import { platformSlug } from '../cache/cache-plan.js'
import { readCacheEvent } from '../cache/event.js'
import { dockerfilePath } from '../frontend/frontend.js'
import type { ActionsCache } from '../model.js'
import type { BuildRequest } from '../model.js'
import { mountNamespace } from './builds.js'
import { restoreMounts, type MountsSession } from './mounts.js'
import { nativeSlug, planMounts } from './plan.js'

export type { MountsSession } from './mounts.js'
export { mountsSummary } from './report.js'

export async function openCacheMounts(
  s: BuildRequest,
  api: ActionsCache,
  env: NodeJS.ProcessEnv = process.env
): Promise<MountsSession | undefined> {
  const i = s.inputs
  // As for the summary: a `call: check` (or outline, targets) request runs no RUN step.
  if (i.call && i.call !== 'build') {
    s.log.info(`cache-mounts: skipped for a call: ${i.call} request`)
    return undefined
  }
  const path = dockerfilePath(s.source ? i.git!.subdir || '.' : i.context, i.file)
  const read = (p: string) => (s.source ? s.source.read(p) : readDockerfile(p))
  const plan = planMounts({
    mounts: i.cacheMounts,
    tags: i.tags,
    cacheScope: i.cacheScope,
    target: i.target,
    platformSlug: platformSlug(i.platforms),
    nativeSlug: nativeSlug(),
    write: i.cacheWrite,
    event: readCacheEvent(env),
    dockerfile: path === undefined ? undefined : { path, text: read(path) }
  })
  return restoreMounts({
    plan,
    image: i.cacheMountsImage,
    builder: s.builder,
    namespace: mountNamespace(i.buildArgs),
    tempDir: env.RUNNER_TEMP ?? tmpdir(),
    work: s.work,
    api,
    log: s.log
  })
}
