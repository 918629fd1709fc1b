// setup-builder's inputs with its action.yml defaults, then what a test gives.
import { Inputs } from '../../lib/inputs.js'
import { parseSetupInputs } from '../../setup-builder/inputs.js'

const defaults = {
  driver: 'auto',
  cleanup: 'true',
  syntax: 'docker/dockerfile:1.18.0',
  'syntax-resolve': 'true',
  'allowed-syntax': 'docker/dockerfile:*,docker/dockerfile-upstream:*'
}
export const parse = (m: Record<string, string>) =>
  parseSetupInputs(new Inputs(n => ({ ...defaults, ...m })[n] ?? ''))
