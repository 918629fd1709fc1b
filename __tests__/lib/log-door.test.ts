// The log door: any text through lib/runtime.ts reaches the log as it is, and the runner runs none of
// it; the suite's own commands still run. Nothing else in the actions writes to stdout or stderr.
import { jest } from '@jest/globals'
import { ESLint } from 'eslint'
import fc from 'fast-check'
import * as runtime from '../../lib/runtime.js'
import { hostile, hostileMegabyte, runnerCommands } from '../helpers/hostile.js'

let out: string[] = []
beforeEach(() => {
  out = []
  jest.spyOn(runtime.stdout, 'write').mockImplementation(((s: string) => (out.push(s), true)) as never)
})
afterEach(() => jest.restoreAllMocks())
const stdout = () => out.join('')

test.each([
  ['a command line', '::error title=X::Y'],
  ['a command after a newline', 'reg/app\n::error title=X::Y'],
  ['after a carriage return', 'reg/app\r::add-mask::x'],
  ['after CRLF', 'a\r\n::set-output name=x::y'],
  ['after leading spaces', '   ::warning::w'],
  ['after a Unicode line separator (the runner trims it)', '\u2028::error::x'],
  ['after NEL (U+0085)', '\u0085::error::x'],
  ['after a no-break space', '\u00a0::error::x'],
  ['the legacy form anywhere in a line', 'cache ##[error]pwned'],
  ['a stop-commands of its own', '::stop-commands::abc\n::error::after']
])('%s: shown, not run', (_, text) => {
  runtime.info(text)
  expect(runnerCommands(stdout())).toEqual([])
  // Every line of the text is in the log as given.
  for (const line of text.split(/\r\n|\r|\n/)) expect(stdout()).toContain(line)
})

test('plain text is written as it is, with no guard', () => {
  runtime.info('Creating builder b (docker-container): 100% ok')
  expect(stdout()).toBe('Creating builder b (docker-container): 100% ok\n')
})

test("the suite's own commands run: annotations, masks, groups; a block of output it does not control runs nothing", () => {
  runtime.warning('w\n::error::x', { file: 'a:b', line: 3, title: 't,1' })
  runtime.setSecret('s3cr3t')
  runtime.group('step ::x')
  for (let i = 0; i < 2; i++) {
    const block = runtime.uncontrolled()
    block.line('::error::inside the block')
    block.line('##[error]legacy inside the block')
    block.line('::stop-commands::other')
    block.close()
    block.line('::error::after close: not written')
    block.close()
  }
  runtime.endGroup()
  expect(runnerCommands(stdout()).map(c => c.name)).toEqual(['warning', 'add-mask', 'group', 'endgroup'])
  expect(stdout()).not.toContain('after close')
})

test('the text of a command is text: nothing printed through the door passes as a command', () => {
  // Before, the door handed commands out as text (formatCommand, stopCommands) and let each pass once:
  // user text equal to one, printed first, took its place. It hands none out now.
  expect(Object.keys(runtime).filter(k => /^(formatCommand|stopCommands)$/.test(k))).toEqual([])
  for (const text of ['::endgroup::', '::group::x', '::stop-commands::t', '::add-mask::x', '::t::']) {
    out = []
    runtime.info(text)
    runtime.info(text)
    expect(runnerCommands(stdout())).toEqual([])
  }
})

test('property: no hostile text runs as a command, through info, warning, error, debug', () => {
  fc.assert(
    fc.property(hostile(), text => {
      out = []
      runtime.info(text)
      runtime.warning(text, { file: text, line: 1, title: text })
      runtime.error(text)
      runtime.debug(text)
      expect(runnerCommands(stdout()).map(c => c.name)).toEqual(['warning', 'error', 'debug'])
    }),
    { numRuns: 500 }
  )
})

test('property: a 1 MB value goes through whole, and runs nothing', () => {
  fc.assert(
    fc.property(hostileMegabyte(), text => {
      out = []
      runtime.info(text)
      expect(runnerCommands(stdout())).toEqual([])
      expect(stdout()).toContain(text)
    }),
    { numRuns: 5 }
  )
})

test('lint: stdout, stderr and console are the runtime’s alone', async () => {
  const eslint = new ESLint()
  const code = [
    "process.stdout.write('x')",
    "process.stderr.write('x')",
    "console.log('x')",
    'const { stdout } = process',
    'void stdout'
  ].join('\n')
  for (const file of ['prune/x.ts', 'setup-builder/x.ts', 'lib/x.ts', 'build/x.ts']) {
    const [result] = await eslint.lintText(code, { filePath: file })
    const rules = result.messages.map(m => m.ruleId)
    expect(rules.filter(r => r === 'no-restricted-properties').length).toBeGreaterThanOrEqual(4)
  }
  const [own] = await eslint.lintText(code, { filePath: 'lib/runtime.ts' })
  expect(own.messages.filter(m => m.ruleId === 'no-restricted-properties')).toEqual([])
})
