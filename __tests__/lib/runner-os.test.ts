import { requireLinuxRunner } from '../../lib/runner-os.js'

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
