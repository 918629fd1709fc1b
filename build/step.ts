// What the two engines share: the step's facts going in, and what a build hands back to main.
import type { Runner } from '../lib/runtime.js'
import type { CacheEntry } from './cache/entries.js'
import type { FrontendFacts } from './frontend/frontend.js'
import type { GitSource } from './git-context.js'
import type { BuildInputs } from './inputs.js'
import type { LegFacts } from './matrix/leg-plan.js'
import type { BuildRun } from './engine/log.js'
import type { MountsReport } from './cache-mounts/report.js'

export interface BuildStep {
  /** The inputs as the user gave them (the report and the leg's publishing read them). */
  inputs: BuildInputs
  /** The inputs as the engine gets them (request.ts: git source, pinned frontend, token, leg output). */
  build: BuildInputs
  /** Where a leg's image is exported to push by digest (builders that cannot push by digest). */
  layout?: string
  builder: string
  frontend: FrontendFacts
  /** A scratch directory removed after the step. */
  work: string
  /** `context: git`: the committed tree, sent on stdin. */
  source?: GitSource
  /** A matrix leg (`arch`): the builder's facts. */
  leg?: LegFacts
  log: Runner
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
  /** What `cache-mounts` restored and saved, and the time it took (filled in by `finish`). */
  mounts?: MountsReport
  /** Work left for after a successful build (saving a local cache and the cache mounts). */
  finish?: () => Promise<unknown>
}
