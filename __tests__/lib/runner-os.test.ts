import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { requireLinuxRunner } from '../../lib/runner-os.js'
import { repoRoot } from '../../test-support/engine.js'

test('a Linux runner passes', () => expect(() => requireLinuxRunner('build', 'linux')).not.toThrow())

test.each([
  ['win32', 'Windows'],
  ['darwin', 'macOS'],
  ['freebsd', 'freebsd']
] as const)('a %s runner fails in one line naming the action and the OS', (platform, os) => {
  expect(() => requireLinuxRunner('setup-builder', platform)).toThrow(
    new Error(
      `setup-builder runs on Linux runners only, this runner is ${os} (${platform}): use a Linux runner, e.g. runs-on: ubuntu-24.04`
    )
  )
})

test('by default the check reads the platform node runs on', () => {
  if (process.platform === 'linux') expect(() => requireLinuxRunner('prune')).not.toThrow()
  else expect(() => requireLinuxRunner('prune')).toThrow(/prune runs on Linux runners only/)
})

// Each action's bundle checks before anything else: on a runner that says it is Windows (process.platform
// set before the bundle loads), the step fails with that one line and has read no input.
describe.each(['build', 'setup-builder', 'prune'])('dist/%s on a Windows runner', action => {
  test('fails in one line before anything runs', () => {
    const winRunner = "data:text/javascript,Object.defineProperty(process,'platform',{value:'win32'})"
    const r = spawnSync(
      process.execPath,
      ['--import', winRunner, join(repoRoot, 'dist', action, 'index.js')],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH }
      }
    )
    expect(r.status).toBe(1)
    expect(r.stdout.trim().split('\n')).toEqual([
      `::error::${action} runs on Linux runners only, this runner is Windows (win32): use a Linux runner, e.g. runs-on: ubuntu-24.04`
    ])
  })
})
