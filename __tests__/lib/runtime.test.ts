// lib/runtime.ts writes the runner's protocol itself: the runner emulation (and so the runner)
// must read it exactly as it reads @actions/core's.
import { jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as runtime from '../../lib/runtime.js'
import { parseFileCommands, workflowCommands } from '../../test-support/runner.mjs'

const dir = mkdtempSync(join(tmpdir(), 'runtime-'))
let out: string[] = []
const saved = { ...process.env }
beforeEach(() => {
  out = []
  jest.spyOn(runtime.stdout, 'write').mockImplementation(((s: string) => (out.push(s), true)) as never)
  process.exitCode = undefined
})
afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  process.exitCode = undefined
})

test('inputs: INPUT_<NAME>, spaces to underscores, trimmed', () => {
  process.env['INPUT_CACHE-FROM'] = '  a\nb  '
  process.env.INPUT_MY_INPUT = 'x'
  expect(runtime.getInput('cache-from')).toBe('a\nb')
  expect(runtime.getInput('my input')).toBe('x')
  expect(runtime.getInput('absent')).toBe('')
  expect(runtime.actionInputs().list('cache-from')).toEqual(['a', 'b'])
})

test('outputs: the heredoc file command, multi-line values intact', () => {
  const file = join(dir, 'output')
  writeFileSync(file, '')
  process.env.GITHUB_OUTPUT = file
  runtime.setOutput('digest', 'sha256:abc')
  runtime.setOutput('metadata', '{\n"a": 1\n}')
  expect(parseFileCommands(readFileSync(file, 'utf8'))).toEqual({
    digest: 'sha256:abc',
    metadata: '{\n"a": 1\n}'
  })
  expect(readFileSync(file, 'utf8')).toMatch(/^digest<<ghadelimiter_[0-9a-f-]{36}\n/)
})

test('outputs without a file: the old set-output command', () => {
  delete process.env.GITHUB_OUTPUT
  runtime.setOutput('x', 'a%b')
  expect(out.join('')).toBe('\n::set-output name=x::a%25b\n')
})

test('workflow commands, escaped as @actions/core escapes them', () => {
  runtime.warning('100% sure\nline two')
  runtime.setSecret('s3cr3t')
  runtime.info('::not-a-command:: as info')
  expect(workflowCommands(out.join(''))).toEqual([
    { command: 'warning', props: {}, message: '100% sure\nline two' },
    { command: 'add-mask', props: {}, message: 's3cr3t' }
  ])
  expect(out[0]).toBe('::warning::100%25 sure%0Aline two\n')
})

test('summary: appended to GITHUB_STEP_SUMMARY; nothing without it', () => {
  const file = join(dir, 'summary')
  writeFileSync(file, 'before\n')
  process.env.GITHUB_STEP_SUMMARY = file
  runtime.appendSummary('<table></table>')
  expect(readFileSync(file, 'utf8')).toBe('before\n<table></table>\n')
  delete process.env.GITHUB_STEP_SUMMARY
  expect(() => runtime.appendSummary('x')).not.toThrow()
})

test('a failure: one ::error:: line and exit code 1; the stack only with step debug', async () => {
  await runtime.runStep(async () => {
    throw new Error("input 'push': got 'x'")
  })
  expect(process.exitCode).toBe(1)
  expect(out).toEqual(["::error::input 'push': got 'x'\n"])

  out = []
  process.env.RUNNER_DEBUG = '1'
  await runtime.runStep(async () => {
    throw new Error('boom')
  })
  expect(out[0]).toMatch(/^::debug::Error: boom%0A\s+at /)
  expect(out[1]).toBe('::error::boom\n')
})

test('success leaves the exit code alone', async () => {
  await runtime.runStep(async () => runtime.info('ok'))
  expect(process.exitCode).toBeUndefined()
  expect(out).toEqual(['ok\n'])
})

test('a multi-line secret is masked whole and line by line, so no line of it ever shows', () => {
  runtime.setSecret('-----BEGIN KEY-----\nabc\n\n  def \n-----END KEY-----\n')
  expect(workflowCommands(out.join('')).map(c => c.message)).toEqual([
    '-----BEGIN KEY-----\nabc\n\n  def \n-----END KEY-----\n',
    '-----BEGIN KEY-----',
    'abc',
    '  def ',
    'def',
    '-----END KEY-----'
  ])
})

test('a warning annotated at a file and line', () => {
  runtime.warning('the pin wins', { file: 'app/Dockerfile', line: 1 })
  expect(out.join('')).toBe('::warning file=app/Dockerfile,line=1::the pin wins\n')
})
