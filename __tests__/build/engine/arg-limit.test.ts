// About 700 KB of inputs made node fail with a bare `spawn E2BIG`: the planned command is checked
// against the OS's limits first, and a command too long fails in one line naming the input.
import { checkCommandSize } from '../../../build/engine/arg-limit.js'
import { planBuild } from '../../../build/engine/buildkit-plan.js'
import { planClassic } from '../../../build/engine/classic-plan.js'
import { parse } from '../../helpers/build.js'

const ctx = { metadataFile: '/t/meta.json', secretPaths: {}, builder: '', cacheFrom: [], cacheTo: [] }
const argv = (inputs: Record<string, string>) => ['docker', ...planBuild(parse(inputs), ctx).args]
const env = { PATH: '/usr/bin', HOME: '/home/runner' }
const oneLine = (f: () => void): string => {
  try {
    f()
  } catch (e) {
    const message = (e as Error).message
    expect(message).not.toMatch(/\n/)
    return message
  }
  throw new Error('expected a refusal')
}

test('inputs of a usual size pass', () => {
  expect(() => checkCommandSize(argv({ 'build-args': 'A=1\nB=2', labels: 'x=y' }), env)).not.toThrow()
})

test('one value longer than 128 KiB: its input named, with what is accepted', () => {
  const big = `BIG=${'x'.repeat(200_000)}`
  const message = oneLine(() => checkCommandSize(argv({ 'build-args': `A=1\n${big}` }), env))
  expect(message).toMatch(/^input 'build-args': got 'BIG=x{20}/)
  expect(message).toContain('accepted: values of at most 128 KiB each and about 2 MiB in all')
  expect(message).toContain('pass large values in files: build-contexts, secret-files')
  expect(message).toMatch(/argument \d+ is 200004 bytes, more than the 131072 /)
})

test('about 700 KB of labels at 100 KB each, with 1.5 MB of build-args: the larger input named', () => {
  const labels = Array.from({ length: 7 }, (_, i) => `l${i}=${'v'.repeat(100_000)}`).join('\n')
  const args = Array.from({ length: 15 }, (_, i) => `A${i}=${'a'.repeat(100_000)}`).join('\n')
  const message = oneLine(() => checkCommandSize(argv({ labels, 'build-args': args }), env))
  expect(message).toMatch(/^input 'build-args': got 'A0=a+\.\.\.'; accepted: values of at most 128 KiB/)
  expect(message).toMatch(
    /build-args takes 1500\d+ bytes; the command line and environment take \d+ bytes, more than the 2097152 the OS takes \(ARG_MAX\)\)$/
  )
})

test('exactly at the limit of one value passes; one byte more does not', () => {
  const at = 'x'.repeat(128 * 1024 - 1) // and its NUL: 128 KiB
  expect(() => checkCommandSize(['docker', '--label', at], env)).not.toThrow()
  expect(oneLine(() => checkCommandSize(['docker', '--label', `${at}x`], env))).toMatch(/^input 'labels'/)
})

test('an environment that takes the most: no input is blamed', () => {
  const big = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`V${i}`, 'e'.repeat(100_000)]))
  expect(oneLine(() => checkCommandSize(argv({ labels: 'a=b' }), { ...env, ...big }))).toMatch(
    /^cannot run the build: the command line and environment take \d+ bytes, more than the 2097152 the OS takes \(ARG_MAX\), \d+ of them the environment's$/
  )
  expect(oneLine(() => checkCommandSize(argv({}), { ...env, HUGE: 'h'.repeat(200_000) }))).toMatch(
    /^cannot run the build: environment variable HUGE is 200005 bytes/
  )
})

test('the classic builder: the same check on docker build', () => {
  const plan = planClassic(
    parse({ engine: 'classic', tags: 'a/b', 'build-args': `X=${'x'.repeat(140_000)}` }),
    '',
    '/t/iid'
  )
  expect(oneLine(() => checkCommandSize(['docker', ...plan.args], { ...env, ...plan.env }))).toMatch(
    /^input 'build-args': got 'X=x+\.\.\.'/
  )
})
