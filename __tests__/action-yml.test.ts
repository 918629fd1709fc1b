// Every action.yml (and, as they come, every workflow in examples/) is schema-validated offline.
import { readFileSync, existsSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { parse } from 'yaml'
import { validateAction, validateWorkflow } from '@action-validator/core'
import { repoRoot } from '../test-support/engine.js'

const actions = ['action.yml', 'setup-builder/action.yml', 'prune/action.yml']

describe.each(actions)('%s', file => {
  const src = readFileSync(join(repoRoot, file), 'utf8')
  const meta = parse(src)

  test('declares node24', () => expect(meta.runs.using).toBe('node24'))

  test('is valid against the action schema', () => {
    // The validator's schema predates node24; the runtime is asserted above, the rest validated as is.
    const state = validateAction(src.replace(/using: node24/, 'using: node20'))
    expect(state.errors).toEqual([])
  })

  test('has Marketplace branding (the schema above checks icon and colour names)', () => {
    expect(meta.branding).toEqual({ icon: expect.any(String), color: expect.any(String) })
  })

  test('its entry points are bundled in dist/', () => {
    for (const key of ['main', 'post'] as const) {
      if (meta.runs[key]) expect(existsSync(join(repoRoot, dirname(file), meta.runs[key]))).toBe(true)
    }
  })

  test('every input has a description and a string default', () => {
    for (const [name, spec] of Object.entries<{ description?: string; default?: unknown }>(meta.inputs)) {
      expect([name, typeof spec.description]).toEqual([name, 'string'])
      expect([name, typeof spec.default]).toEqual([name, 'string'])
    }
  })
})

const examplesDir = join(repoRoot, 'examples')
const examples = readdirSync(examplesDir).filter(f => /\.ya?ml$/.test(f))

test('examples/ holds the workflows users copy', () => expect(examples.length).toBeGreaterThanOrEqual(2))

test.each(examples)('examples/%s is a valid workflow', f => {
  expect(validateWorkflow(readFileSync(join(examplesDir, f), 'utf8')).errors).toEqual([])
})
