// An input lookup with action.yml's defaults, as the runner fills them: unit tests parse what a
// workflow step would really pass.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { Inputs } from '../lib/inputs.js'
import { repoRoot } from './engine.js'

export function inputsWithDefaults(action: string, given: Record<string, string>): Inputs {
  const meta = parse(readFileSync(join(repoRoot, action, 'action.yml'), 'utf8'))
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries<{ default?: string }>(meta.inputs ?? {}))
    defaults[name] = spec.default ?? ''
  return new Inputs(name => given[name] ?? defaults[name] ?? '')
}
