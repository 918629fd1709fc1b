// The file door: writes that create or fail (never through a planted link), folders removed only when
// they are the step's own, reads capped with one line naming the input.
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  readdirSync,
  realpathSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import {
  DOCKERFILE_MAX,
  makeOwnDir,
  readCapped,
  readDockerfile,
  removeOwnDir,
  writeInto,
  writeNew,
  writeStream
} from '../../lib/files.js'
import { hostile } from '../helpers/hostile.js'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'files-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

test('writeNew: a new file, mode 0600', () => {
  writeNew(join(root, 'a'), 'x')
  expect(readFileSync(join(root, 'a'), 'utf8')).toBe('x')
  expect(statSync(join(root, 'a')).mode & 0o777).toBe(0o600)
})

test('writeNew: a planted link or an existing file is refused, and left as it was', () => {
  const victim = join(root, 'victim')
  writeFileSync(victim, 'precious')
  symlinkSync(victim, join(root, 'link'))
  expect(() => writeNew(join(root, 'link'), 'x')).toThrow(/EEXIST/)
  expect(() => writeNew(victim, 'x')).toThrow(/EEXIST/)
  expect(readFileSync(victim, 'utf8')).toBe('precious')
  expect(lstatSync(join(root, 'link')).isSymbolicLink()).toBe(true)
  // A dangling link too: O_EXCL does not create its target.
  symlinkSync(join(root, 'nowhere'), join(root, 'dangling'))
  expect(() => writeNew(join(root, 'dangling'), 'x')).toThrow(/EEXIST/)
  expect(existsSync(join(root, 'nowhere'))).toBe(false)
})

test('writeInto: into a folder the step made, sub-folders made 0700; never through a link', () => {
  const dir = makeOwnDir(join(root, 'step'))
  const path = writeInto(dir, 'certs/key.pem', 'k')
  expect(readFileSync(path, 'utf8')).toBe('k')
  expect(statSync(join(dir, 'certs')).mode & 0o777).toBe(0o700)
  expect(() => makeOwnDir(dir)).toThrow(/EEXIST/)
  const elsewhere = mkdtempSync(join(tmpdir(), 'elsewhere-'))
  try {
    symlinkSync(elsewhere, join(dir, 'linked'))
    expect(() => writeInto(dir, 'linked/x', 'x')).toThrow(/not a folder this step made/)
    symlinkSync(elsewhere, join(root, 'linkdir'))
    expect(() => writeInto(join(root, 'linkdir'), 'x', 'x')).toThrow(/not a folder this step made/)
    expect(existsSync(join(elsewhere, 'x'))).toBe(false)
  } finally {
    rmSync(elsewhere, { recursive: true, force: true })
  }
  for (const bad of ['../x', '/etc/x', 'a/../../x', '', 'a//b'])
    expect(() => writeInto(dir, bad, 'x')).toThrow(/not a plain relative path/)
})

test('property: a hostile name is written inside the folder, or refused; nothing lands outside', () => {
  const dir = makeOwnDir(join(root, 'step'))
  const outside = () => readdirSync(root).sort()
  const before = outside()
  fc.assert(
    fc.property(hostile(), name => {
      try {
        const path = writeInto(dir, name, 'x')
        expect(realpathSync(path).startsWith(`${realpathSync(dir)}/`)).toBe(true)
      } catch {
        // refused: fine
      }
      expect(outside()).toEqual(before)
    }),
    { numRuns: 300 }
  )
})

describe('removeOwnDir', () => {
  const NAME = /^setup-builder-[0-9a-f]{8}$/
  test("removes the step's own folder in root", () => {
    const dir = join(root, 'setup-builder-0123abcd')
    mkdirSync(join(dir, 'certs'), { recursive: true })
    writeFileSync(join(dir, 'certs', 'k'), 'k')
    expect(removeOwnDir(dir, root, NAME)).toBeUndefined()
    expect(existsSync(dir)).toBe(false)
    expect(removeOwnDir(dir, root, NAME)).toBeUndefined() // gone already: nothing to say
  })
  test('refuses a folder elsewhere, one by another name, a link, a way out through ..', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'setup-builder-'))
    const other = join(root, 'workspace')
    mkdirSync(other)
    try {
      symlinkSync(elsewhere, join(root, 'setup-builder-0123abcd'))
      mkdirSync(join(root, 'x'))
      for (const path of [
        elsewhere,
        other,
        join(root, 'setup-builder-0123abcd'),
        join(root, 'x', '..', 'workspace'),
        root,
        '/'
      ])
        expect(removeOwnDir(path, root, NAME)).toMatch(/not a folder/)
      expect(existsSync(elsewhere)).toBe(true)
      expect(existsSync(other)).toBe(true)
    } finally {
      rmSync(elsewhere, { recursive: true, force: true })
    }
  })
})

describe('readCapped', () => {
  test('a regular file within the cap is read', () => {
    writeFileSync(join(root, 'c.toml'), 'debug = true\n')
    expect(readCapped(join(root, 'c.toml'), 'buildkitd-config')).toBe('debug = true\n')
  })
  test.each([
    ['/dev/zero', /^input 'buildkitd-config': got '\/dev\/zero'; accepted: a regular file \(not a device/],
    ['no/such', /^input 'buildkitd-config': got 'no\/such'; accepted: a readable file \(ENOENT\)$/]
  ])('%s: one line naming the input', (path, message) => {
    expect(() => readCapped(path, 'buildkitd-config')).toThrow(message)
  })
  test('too large, a folder, a FIFO (without blocking): one line each', () => {
    writeFileSync(join(root, 'big'), Buffer.alloc(2048))
    expect(() => readCapped(join(root, 'big'), 'x', 1024)).toThrow(
      "input 'x': got '" + join(root, 'big') + "'; accepted: a file of at most 1024 bytes (it has 2048)"
    )
    expect(() => readCapped(root, 'x')).toThrow(/accepted: a regular file/)
    execFileSync('mkfifo', [join(root, 'fifo')])
    expect(() => readCapped(join(root, 'fifo'), 'x')).toThrow(/accepted: a regular file/)
  })
  test('property: any name a user gives fails, if it does, in one line naming the input', () => {
    fc.assert(
      fc.property(hostile(), path => {
        try {
          readCapped(path, 'buildkitd-config')
        } catch (e) {
          expect((e as Error).message).toMatch(/^input 'buildkitd-config': got '[^\r\n]*'; accepted: /)
          expect((e as Error).message).not.toMatch(/[\r\n\u2028\u2029\u0085]/)
        }
      }),
      { numRuns: 300 }
    )
  })
})

// The Dockerfile the preflight and cache-mounts read (policy, the pinned frontend's check): a regular
// file of a bounded size, or one line naming the input `file` (F10: /dev/zero grew without bound).
describe('readDockerfile', () => {
  const dfDir = mkdtempSync(join(tmpdir(), 'dockerfile-'))

  test('a Dockerfile is read whole; none is undefined', () => {
    writeFileSync(join(dfDir, 'Dockerfile'), 'FROM scratch\n')
    expect(readDockerfile(join(dfDir, 'Dockerfile'))).toBe('FROM scratch\n')
    expect(readDockerfile(join(dfDir, 'absent'))).toBeUndefined()
  })

  test.each([
    [
      '/dev/zero',
      "input 'file': got '/dev/zero'; accepted: a regular Dockerfile (not a device, a pipe or a folder)"
    ],
    [dfDir, `input 'file': got '${dfDir}'; accepted: a regular Dockerfile (not a device, a pipe or a folder)`]
  ])('%s fails in one line naming the input', (path, message) => {
    expect(() => readDockerfile(path)).toThrow(message)
  })

  test('a Dockerfile over the cap fails in one line', () => {
    const big = join(dfDir, 'Big.Dockerfile')
    writeFileSync(big, 'x'.repeat(DOCKERFILE_MAX + 1))
    expect(() => readDockerfile(big)).toThrow(
      `input 'file': got '${big}'; accepted: a Dockerfile of at most ${DOCKERFILE_MAX} bytes (it has ${DOCKERFILE_MAX + 1})`
    )
  })
})

test('the store and context files are read with a cap: a device or a pipe reads as absent', async () => {
  const { readOrUndefined } = await import('../../lib/files.js')
  expect(readOrUndefined('/dev/zero')).toBeUndefined()
  expect(readOrUndefined('/no/such/file')).toBeUndefined()
})

describe('writeStream', () => {
  // A non-blocking pipe (node opens a child's stdin so) whose reader starts late: the first 64 KiB fill
  // it and writing on meets EAGAIN until the reader drains it; every byte still arrives, in order.
  test('a full non-blocking pipe is waited out, nothing lost or reordered', async () => {
    const child = spawn('sh', ['-c', 'sleep 0.3; sha256sum'], { stdio: ['pipe', 'pipe', 'inherit'] })
    const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd
    let out = ''
    child.stdout.on('data', d => (out += d))
    const text = Array.from({ length: 40000 }, (_, i) => `line ${i} ünï\n`).join('')
    const started = Date.now()
    const closed = new Promise(resolve => child.on('close', resolve))
    try {
      writeStream(fd, text)
    } finally {
      child.stdin.end()
      await closed
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(200) // it did wait for the reader
    expect(out.split(' ')[0]).toBe(createHash('sha256').update(text).digest('hex'))
  })
})
