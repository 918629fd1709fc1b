// setup-builder's inputs with its action.yml defaults (read from the file, as the runner fills them),
// then what a test gives.
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { Inputs } from '../../lib/inputs.js'
import { parseSetupInputs } from '../../setup-builder/inputs.js'

const action = parseYaml(
  readFileSync(new URL('../../setup-builder/action.yml', import.meta.url), 'utf8')
) as {
  inputs: Record<string, { default?: string }>
}
export const defaults: Record<string, string> = Object.fromEntries(
  Object.entries(action.inputs).map(([name, spec]) => [name, String(spec.default ?? '')])
)
/** The lookup the action sees: action.yml defaults, then the given inputs (undeclared ones too, as
 * the runner passes them with a warning). */
export const lookup = (m: Record<string, string>) => (n: string) => ({ ...defaults, ...m })[n] ?? ''
export const parse = (m: Record<string, string>) => parseSetupInputs(new Inputs(lookup(m)))
