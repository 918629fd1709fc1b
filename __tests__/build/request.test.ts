// The Dockerfile the preflight reads (policy, the pinned frontend's check): a regular file of a bounded
// size, or one line naming the input `file` (F10: /dev/zero grew without bound).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DOCKERFILE_MAX, readDockerfile } from '../../build/request.js'

const dir = mkdtempSync(join(tmpdir(), 'request-'))

test('a Dockerfile is read whole; none is undefined', () => {
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n')
  expect(readDockerfile(join(dir, 'Dockerfile'))).toBe('FROM scratch\n')
  expect(readDockerfile(join(dir, 'absent'))).toBeUndefined()
})

test.each([
  [
    '/dev/zero',
    "input 'file': got '/dev/zero'; accepted: a regular Dockerfile (not a device, a pipe or a folder)"
  ],
  [dir, `input 'file': got '${dir}'; accepted: a regular Dockerfile (not a device, a pipe or a folder)`]
])('%s fails in one line naming the input', (path, message) => {
  expect(() => readDockerfile(path)).toThrow(message)
})

test('a Dockerfile over the cap fails in one line', () => {
  const big = join(dir, 'Big.Dockerfile')
  writeFileSync(big, 'x'.repeat(DOCKERFILE_MAX + 1))
  expect(() => readDockerfile(big)).toThrow(
    `input 'file': got '${big}'; accepted: a Dockerfile of at most ${DOCKERFILE_MAX} bytes (it has ${DOCKERFILE_MAX + 1})`
  )
})
