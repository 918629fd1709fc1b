// The README's input and output tables say what each action.yml says (name, default, description):
// a changed action.yml without `npm run readme` fails here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ACTION_INPUTS } from '../build/inputs/action-inputs.js'
import {
  ACTIONS,
  code,
  escapeCell,
  parseTable,
  readAction,
  renderTable,
  repoRoot,
  rowsOf,
  unescapeCell,
  updateReadme
} from '../scripts/readme-tables.mjs'

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
const actions = Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]

describe.each(actions)('README tables of %s', action => {
  const rows = rowsOf(readAction(action))

  test('inputs: every input of action.yml, in its order, with its default and description', () => {
    expect(parseTable(readme, 'inputs', action)).toEqual(rows.inputs)
  })

  test('outputs: every output of action.yml, in its order, with its description', () => {
    expect(parseTable(readme, 'outputs', action)).toEqual(rows.outputs)
  })
})

describe('cells', () => {
  test('| is escaped everywhere, < outside code spans; reading a cell undoes both', () => {
    const text = 'none | inline at <repository>:buildcache, or `git:<subdir>` and `a|b`'
    const cell = escapeCell(text)
    expect(cell).toBe('none \\| inline at \\<repository>:buildcache, or `git:<subdir>` and `a\\|b`')
    expect(unescapeCell(cell)).toBe(text)
  })

  test('a value with backticks gets a longer fence', () => {
    expect(code('a`b')).toBe('``a`b``')
    expect(code('')).toBe('')
  })

  test('a generated table reads back as the rows it was made from', () => {
    const meta = {
      inputs: {
        mode: { description: 'One of:\n  a | b,\n  <c>.', default: 'a' },
        tags: { description: 'Tags.', default: '' }
      },
      outputs: { digest: { description: 'The `sha256:…` digest.' } }
    }
    const block = (kind: string) => `<!-- ${kind}:x -->\n<!-- /${kind}:x -->`
    const md = updateReadme(`# x\n\n${block('inputs')}\n\n${block('outputs')}\n`, { x: meta })
    expect(parseTable(md, 'inputs', 'x')).toEqual([
      { name: 'mode', default: 'a', description: 'One of: a | b, <c>.' },
      { name: 'tags', default: '', description: 'Tags.' }
    ])
    expect(parseTable(md, 'outputs', 'x')).toEqual(rowsOf(meta).outputs)
    expect(updateReadme(md, { x: meta })).toBe(md)
    expect(renderTable('outputs', rowsOf(meta).outputs).split('\n')[0]).toBe('| output | description |')
  })

  test('a README without the markers is an error naming them', () => {
    expect(() => updateReadme('# x\n', { build: {} })).toThrow(
      'README.md: no <!-- inputs:build --> … <!-- /inputs:build --> block'
    )
  })
})

test('build/inputs/action-inputs.ts: every input of action.yml with its default (npm run readme writes it)', () => {
  expect(ACTION_INPUTS).toEqual(
    Object.fromEntries(rowsOf(readAction('build')).inputs.map(r => [r.name, r.default]))
  )
})
