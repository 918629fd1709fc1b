import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { pack, type Header } from 'tar-stream'
import { archiveProblem, readArchive, type ArchiveEntry } from '../../../build/cache-mounts/archive.js'

const dir = mkdtempSync(join(tmpdir(), 'mount-archive-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Spec = Partial<Header> & { name: string; body?: string }

/** A tar written with tar-stream (so names can be what no well-behaved tar writes). */
async function tarFile(name: string, specs: Spec[]): Promise<string> {
  const p = pack()
  for (const { body, ...h } of specs) p.entry({ mtime: new Date(0), ...h }, body ?? '')
  p.finalize()
  const file = join(dir, name)
  await pipeline(p, createWriteStream(file))
  return file
}

const e = (name: string, type: ArchiveEntry['type'] = 'file', linkname?: string): ArchiveEntry => ({
  name,
  type,
  linkname,
  size: 0
})

describe('archiveProblem', () => {
  test('what busybox tar writes for a mount is accepted, relative links inside included', () => {
    expect(
      archiveProblem([
        e('./', 'directory'),
        e('./seen'),
        e('./sub/', 'directory'),
        e('./sub/link', 'symlink', '../seen'),
        e('./sub/here', 'symlink', '.'),
        e('./sub/hard', 'link', './seen'),
        e('./pkg/a/b', 'symlink', '../../sub/link')
      ])
    ).toBeUndefined()
  })

  test.each([
    [[e('/etc/passwd')], '"/etc/passwd" is an absolute path'],
    [[e('./../escape')], '"./../escape" has a .. component'],
    [[e('a/../../escape')], '"a/../../escape" has a .. component'],
    [[e('./out', 'symlink', '/etc')], '"./out" is a symlink to the absolute path "/etc"'],
    [[e('./out', 'symlink', '..')], '"out" is a symlink to "..", which points out of the mount'],
    [
      [e('./a/b/out', 'symlink', '../../../x')],
      '"a/b/out" is a symlink to "../../../x", which points out of the mount'
    ],
    // Each link stays inside on its own; through the other one it leaves.
    [
      [e('./up', 'symlink', 'a/..'), e('./a', 'symlink', '.')],
      '"up" is a symlink to "a/..", which points out of the mount'
    ],
    [[e('./loop', 'symlink', 'loop/x')], '"loop" is a symlink to "loop/x", which points out of the mount'],
    [[e('./dir', 'symlink', 'sub'), e('./dir/file')], '"./dir/file" lies below the symlink dir'],
    [[e('./h', 'link', '/etc/shadow')], '"./h" is a hard link to "/etc/shadow", outside the mount'],
    [[e('./h', 'link', '../x')], '"./h" is a hard link to "../x", outside the mount'],
    [[e('./d', 'symlink', 'sub'), e('./h', 'link', 'd/x')], '"./h" is a hard link through the symlink d'],
    [[e('./dev', 'character-device')], '"./dev" is a character-device, not a file, directory or link'],
    [[e('./p', 'fifo')], '"./p" is a fifo, not a file, directory or link']
  ])('%j: refused', (entries, problem) => expect(archiveProblem(entries)).toBe(problem))
})

describe('readArchive', () => {
  test('counts, sizes and a hash of the contents', async () => {
    const file = await tarFile('ok.tar', [
      { name: './', type: 'directory', mtime: new Date(1000) },
      { name: './a', body: 'hello' },
      { name: './l', type: 'symlink', linkname: 'a' }
    ])
    const facts = await readArchive(file)
    expect(facts).toEqual({
      entries: 3,
      bytes: 5,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      problem: undefined
    })
  })

  test('the hash leaves out directory and symlink times, and follows file contents and times', async () => {
    const base: Spec[] = [
      { name: './', type: 'directory', mtime: new Date(1000) },
      { name: './a', body: 'hello' }
    ]
    const hash = async (name: string, specs: Spec[]) => (await readArchive(await tarFile(name, specs))).sha256
    const h = await hash('h0.tar', base)
    expect(await hash('h1.tar', [{ ...base[0], mtime: new Date(9000) }, base[1]])).toBe(h)
    const link: Spec = { name: './l', type: 'symlink', linkname: 'a' }
    expect(await hash('h4.tar', [...base, link])).toBe(
      await hash('h5.tar', [...base, { ...link, mtime: new Date(7000) }])
    )
    expect(await hash('h2.tar', [base[0], { name: './a', body: 'hellO' }])).not.toBe(h)
    expect(await hash('h3.tar', [base[0], { name: './a', body: 'hello', mtime: new Date(5000) }])).not.toBe(h)
  })

  test.each([
    ['absolute', [{ name: '/etc/cron.d/x', body: 'x' }], 'is an absolute path'],
    ['dotdot', [{ name: '../../x', body: 'x' }], 'has a .. component'],
    [
      'symlink',
      [{ name: 'out', type: 'symlink' as const, linkname: '/' }],
      'is a symlink to the absolute path "/"'
    ],
    [
      'long-name',
      [
        {
          name: `${'d/'.repeat(80)}../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../../x`,
          body: 'x'
        }
      ],
      'has a .. component'
    ]
  ])('an archive with an entry %s is refused', async (name, specs, problem) => {
    const facts = await readArchive(await tarFile(`${name}.tar`, specs as Spec[]))
    expect(facts.problem).toContain(problem)
  })

  test('not a tar: an error', async () => {
    const file = join(dir, 'garbage.tar')
    await pipeline(async function* () {
      yield Buffer.alloc(600, 7)
    }, createWriteStream(file))
    await expect(readArchive(file)).rejects.toThrow()
  })
})
