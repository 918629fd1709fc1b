// The builder on this engine: the engine facts planning needs, then the builder created (files written
// first) or selected, and read back (planned in builder-plan.ts).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import {
  currentContext,
  dockerBuildx,
  engineUsesContainerd,
  parseInspect,
  type BuilderInfo
} from '../lib/buildx.js'
import type { BuilderPlan, EngineFacts } from './builder-plan.js'
import type { SetupInputs } from './inputs.js'

/** What planning needs from the engine: the image store only for `auto` (the docker driver's builder
 * is the context's own, whatever the store), the context only for the docker driver's name. */
export async function readEngineFacts(inputs: SetupInputs): Promise<EngineFacts> {
  const [containerdStore, context] = await Promise.all([
    inputs.driver === 'auto' ? engineUsesContainerd() : false,
    inputs.driver === 'auto' || inputs.driver === 'docker' ? currentContext() : 'default'
  ])
  return { containerdStore, context }
}

/** A name unique to this job run (generated builder names). */
export const runId = (env: NodeJS.ProcessEnv = process.env): string =>
  `${env.GITHUB_RUN_ID ?? Date.now()}-${env.GITHUB_JOB ?? 'job'}`.replace(/[^\w.-]/g, '-')

export const inspectBuilder = (plan: BuilderPlan): Promise<BuilderInfo> =>
  dockerBuildx(plan.inspect).then(parseInspect)

/** Writes the plan's files and creates the builder; `onCreate` runs just before create. */
export async function createBuilder(plan: BuilderPlan, onCreate: () => void): Promise<void> {
  for (const [path, content] of Object.entries(plan.files)) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
  }
  if (!plan.create) return
  onCreate()
  await dockerBuildx(plan.create)
}
