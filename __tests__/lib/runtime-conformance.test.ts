// lib/runtime.ts speaks the runner's protocol as @actions/core speaks it: the same calls through both
// give the same bytes in GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE and on stdout (file-command delimiters
// are random in both: normalised). Where the runtime says more, on purpose, the test says how.
import { jest } from '@jest/globals'
import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as runtime from '../../lib/runtime.js'

type Channel = 'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_STATE'
const CHANNELS: Channel[] = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE']
const saved = { ...process.env }
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'conformance-'))
})
afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})

/** The calls `calls` makes, through one implementation: what each file and stdout received. */
function capture(name: string, calls: () => void): Record<Channel | 'stdout', string> {
  for (const c of CHANNELS) {
    const file = join(dir, `${name}-${c}`)
    writeFileSync(file, '')
    process.env[c] = file
  }
  const out: string[] = []
  // @actions/core writes through process.stdout, the runtime to fd 1 (runtime.stdout).
  jest
    .spyOn(process.stdout, 'write')
    .mockImplementation(((s: string) => (out.push(String(s)), true)) as never)
  jest.spyOn(runtime.stdout, 'write').mockImplementation((s: string) => void out.push(s))
  try {
    calls()
  } finally {
    jest.restoreAllMocks()
  }
  const norm = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X')
  return {
    GITHUB_OUTPUT: norm(readFileSync(process.env.GITHUB_OUTPUT!, 'utf8')),
    GITHUB_ENV: norm(readFileSync(process.env.GITHUB_ENV!, 'utf8')),
    GITHUB_STATE: norm(readFileSync(process.env.GITHUB_STATE!, 'utf8')),
    stdout: out.join('')
  }
}

const VALUES = ['sha256:abc', '', '{\n  "a": 1\n}', 'l1\r\nl2', '100% : , ; ] %0A %25', 'ünï 😀', ' padded ']

test('outputs, exported variables and state: the same file commands', () => {
  const calls = (impl: typeof runtime | typeof core) => () =>
    VALUES.forEach((v, i) => {
      impl.setOutput(`out-${i}`, v)
      impl.exportVariable(`VAR_${i}`, v)
      impl.saveState(`state-${i}`, v)
    })
  const ours = capture('runtime', calls(runtime))
  const theirs = capture('core', calls(core))
  expect(ours).toEqual(theirs)
  expect(ours.GITHUB_OUTPUT).toContain('out-2<<ghadelimiter_X\n{\n  "a": 1\n}\nghadelimiter_X\n')
  // Both set the variable for the rest of this process too.
  expect(process.env.VAR_2).toBe(VALUES[2])
})

test('annotations with properties, debug, masks, plain log lines: the same workflow commands', () => {
  const text = ['w', '100% sure\r\nline two', 'a: b, c', '%0A%25']
  const ours = capture('runtime', () => {
    for (const t of text) {
      runtime.warning(t)
      runtime.error(t)
      runtime.warning(t, { file: 'src/a,b:c.ts', line: 7, title: t })
      runtime.error(t, { file: 'Dockerfile', line: 1 })
      runtime.debug(t)
      runtime.info(t)
    }
    runtime.setSecret('s3cr3t')
    runtime.setSecret('100%:,x')
  })
  const theirs = capture('core', () => {
    for (const t of text) {
      core.warning(t)
      core.error(t)
      core.warning(t, { file: 'src/a,b:c.ts', startLine: 7, title: t })
      core.error(t, { file: 'Dockerfile', startLine: 1 })
      core.debug(t)
      core.info(t)
    }
    core.setSecret('s3cr3t')
    core.setSecret('100%:,x')
  })
  expect(ours.stdout).toBe(theirs.stdout)
  expect(ours.stdout).toContain('::warning title=a%3A b%2C c,file=src/a%2Cb%3Ac.ts,line=7::a: b, c\n')
})

test('on purpose, more than @actions/core: a multi-line secret is masked line by line as well', () => {
  const key = '-----BEGIN KEY-----\nAAAA\nBBBB\n-----END KEY-----'
  const ours = capture('runtime', () => runtime.setSecret(key)).stdout.split('\n')
  const theirs = capture('core', () => core.setSecret(key)).stdout.split('\n')
  // The library's one command first, byte for byte; then one per line (the runner masks line by line).
  expect(ours[0]).toBe(theirs[0])
  expect(ours.slice(1).filter(Boolean)).toEqual([
    '::add-mask::-----BEGIN KEY-----',
    '::add-mask::AAAA',
    '::add-mask::BBBB',
    '::add-mask::-----END KEY-----'
  ])
})

test('on purpose, safer than @actions/core: text that would run as a command is shown, not run', () => {
  const text = 'reg/app\n::error title=X::Y'
  const theirs = capture('core', () => core.info(text)).stdout
  const ours = capture('runtime', () => runtime.info(text)).stdout
  expect(theirs).toBe(`${text}\n`) // the library prints it raw: the runner would run ::error
  expect(ours).toMatch(/^::stop-commands::([0-9a-f-]{36})\nreg\/app\n::error title=X::Y\n::\1::\n$/)
})
