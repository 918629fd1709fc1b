// Hostile strings in every input of setup-builder and prune: a refusal is one line that names the
// input, and printed as the step prints it (runStep's ::error::) it is exactly one command, the error.
import { jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { parse } from 'yaml'
import { Inputs } from '../lib/inputs.js'
import * as runtime from '../lib/runtime.js'
import { parseSetupInputs } from '../setup-builder/inputs.js'
import { readNodes } from '../setup-builder/builder.js'
import { parsePruneInputs } from '../prune/inputs.js'
import { repoRoot } from '../test-support/engine.js'
import { hostile, hostileMegabyte, runnerCommands } from './helpers/hostile.js'

const defaults = (action: string): Record<string, string> => {
  const meta = parse(readFileSync(join(repoRoot, action, 'action.yml'), 'utf8'))
  return Object.fromEntries(
    Object.entries<{ default?: string }>(meta.inputs).map(([k, v]) => [k, String(v.default ?? '')])
  )
}

/** The step's failure as the runner sees it: what runStep prints for the error. */
async function printed(e: unknown): Promise<string> {
  const out: string[] = []
  const spy = jest
    .spyOn(runtime.stdout, 'write')
    .mockImplementation(((s: string) => (out.push(s), true)) as never)
  try {
    await runtime.runStep(async () => {
      throw e
    })
  } finally {
    spy.mockRestore()
    process.exitCode = undefined
  }
  return out.join('')
}

const ACTIONS: [string, (inputs: Inputs) => Promise<unknown>][] = [
  [
    'setup-builder',
    async inputs => {
      const parsed = parseSetupInputs(inputs)
      return readNodes(parsed)
    }
  ],
  ['prune', async inputs => parsePruneInputs(inputs)]
]

describe.each(ACTIONS)('%s', (action, parseAll) => {
  const base = defaults(action)
  const names = Object.keys(base)

  test.each([
    ['a hostile value', hostile(), 400],
    ['1 MB of hostile text', hostileMegabyte(), 4]
  ] as const)(
    'property: %s in any input is refused in one line, or taken; never a command',
    async (_, values, numRuns) => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...names), values, async (name, value) => {
          const given: Record<string, string> = { ...base, [name]: value }
          const inputs = new Inputs(n => (given[n] ?? '').trim())
          let error: unknown
          try {
            await parseAll(inputs)
          } catch (e) {
            error = e
          }
          if (error === undefined) return
          const message = (error as Error).message
          expect(message).not.toMatch(/[\r\n\u0085\u2028\u2029]/)
          expect(message).toMatch(/^input '[a-z-]+': got '/)
          expect(runnerCommands(await printed(error)).map(c => c.name)).toEqual(['error'])
        }),
        { numRuns }
      )
    }
  )
})
