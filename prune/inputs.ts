import type { Inputs } from '../lib/inputs.js'

export const TARGETS = ['builder'] as const

export interface PruneInputs {
  target: (typeof TARGETS)[number]
  builder: string
  keepStorage?: number
  maxUsedSpace?: number
  untilMs?: number
  all: boolean
  dryRun: boolean
}

export function parsePruneInputs(inputs: Inputs): PruneInputs {
  return {
    target: inputs.oneOf('target', TARGETS),
    builder: inputs.string('builder'),
    keepStorage: inputs.size('keep-storage'),
    maxUsedSpace: inputs.size('max-used-space'),
    untilMs: inputs.duration('until'),
    all: inputs.bool('all'),
    dryRun: inputs.bool('dry-run')
  }
}
