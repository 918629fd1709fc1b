// What the two engines share: the step's facts going in, and what a build hands back to main.
import type { CacheEntry } from './cache/entries.js'
import type { FrontendFacts } from './frontend/frontend.js'
import type { GitSource } from './git-context.js'
import type { BuildInputs } from './inputs.js'
import type { LegFacts } from './matrix/leg-plan.js'
import type { BuildRun } from './engine/log.js'

/** The runner calls a build step makes (lib/runtime.ts; tests pass their own). */
export interface StepLog {
  info(m: string): void
  warning(m: string): void
  setSecret(s: string): void
  setOutput(name: string, value: string): void
  appendSummary(html: string): void
}

export interface BuildStep {
  inputs: BuildInputs
  builder: string
  frontend: FrontendFacts
  /** A scratch directory removed after the step. */
  work: string
  /** `context: git`: the committed tree, sent on stdin. */
  source?: GitSource
  /** A matrix leg (`arch`): the builder's facts. */
  leg?: LegFacts
  log: StepLog
}

export interface Built {
  run: BuildRun
  metadata: Record<string, unknown>
  digest: string
  imageid: string
  /** An OCI layout of the image, to push by digest (legs on the docker driver or the classic engine). */
  layout?: string
  read: CacheEntry[]
  written: CacheEntry[]
  /** Work left for after a successful build (saving a local cache). */
  finish?: () => Promise<unknown>
}
