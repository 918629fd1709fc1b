// scripts/release.mjs against a repository cloned from a local bare one: the repository has a CHANGELOG,
// a package.json whose package:check compares dist/ with its source (as the real one rebuilds and
// compares), and a workflow naming our actions by major.
import { spawnSync, execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../../test-support/engine.js'

const script = join(repoRoot, 'scripts/release.mjs')
let dir: string
let work: string
let remote: string

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' }).trim()
const release = (...args: string[]) => {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: work, encoding: 'utf8' })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.trim() }
}
const remoteTag = (tag: string) => git(remote, 'rev-parse', `${tag}^{commit}`)
const write = (file: string, text: string) => {
  mkdirSync(join(work, file, '..'), { recursive: true })
  writeFileSync(join(work, file), text)
}
const commitAll = (message: string) => {
  git(work, 'add', '-A')
  git(work, 'commit', '--quiet', '-m', message)
}

const changelog = `# Changelog

## [Unreleased]

## [1.0.0] - 2026-12-01

### Added

- the first release
`
const workflow = `on: workflow_call
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: org/build/setup-builder@v1
      - uses: 'org/build@v1' # quoted
`

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'release-'))
  remote = join(dir, 'remote.git')
  work = join(dir, 'work')
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote)
  git(dir, 'clone', '--quiet', remote, work)
  git(work, 'config', 'user.name', 'Release Test')
  git(work, 'config', 'user.email', 'release@example.test')
  const check = `import { readFileSync } from 'node:fs'
if (readFileSync('src/index.js', 'utf8') !== readFileSync('dist/index.js', 'utf8')) {
  console.error('dist/ is stale against the sources: run npm run package and commit dist/')
  console.error(' 1 file changed, 1 insertion(+), 1 deletion(-)')
  process.exit(1)
}`
  write(
    'package.json',
    JSON.stringify({ name: 'fixture', version: '1.0.0', scripts: { 'package:check': 'node check.mjs' } })
  )
  write('check.mjs', check)
  write('src/index.js', 'console.log(1)\n')
  write('dist/index.js', 'console.log(1)\n')
  write('CHANGELOG.md', changelog)
  write('.github/workflows/build.yml', workflow)
  commitAll('first')
  git(work, 'push', '--quiet', 'origin', 'main')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('a release tags vX.Y.Z, moves vX to it and prints the notes of its changelog section', () => {
  const r = release('1.0.0', '--push', 'origin')
  expect(r).toMatchObject({ status: 0, stdout: '### Added\n\n- the first release\n' })
  const head = git(work, 'rev-parse', 'HEAD')
  expect([remoteTag('v1.0.0'), remoteTag('v1')]).toEqual([head, head])
  expect(git(remote, 'tag', '-l', '--format=%(contents)', 'v1.0.0')).toContain(
    '### Added\n\n- the first release'
  )
})

test('the next release from Unreleased commits the changelog and version, tags v1.0.1 and moves v1', () => {
  write('src/index.js', 'console.log(2)\n')
  write('dist/index.js', 'console.log(2)\n')
  write(
    'CHANGELOG.md',
    changelog.replace('## [Unreleased]\n', '## [Unreleased]\n\n### Fixed\n\n- two, not one\n')
  )
  commitAll('fix')
  const notes = join(dir, 'notes.md')
  const r = release('1.0.1', '--from-unreleased', '--push', 'origin', '--notes-file', notes)
  expect(r.status).toBe(0)
  expect(readFileSync(notes, 'utf8')).toBe('### Fixed\n\n- two, not one\n')
  const head = git(work, 'rev-parse', 'HEAD')
  expect([remoteTag('v1.0.1'), remoteTag('v1'), git(remote, 'rev-parse', 'main')]).toEqual([head, head, head])
  expect(remoteTag('v1.0.0')).not.toBe(head)
  expect(git(work, 'log', '-1', '--format=%s')).toBe('Release 1.0.1')
  const date = new Date().toISOString().slice(0, 10)
  expect(readFileSync(join(work, 'CHANGELOG.md'), 'utf8')).toContain(
    `## [Unreleased]\n\n## [1.0.1] - ${date}\n\n### Fixed\n\n- two, not one\n\n## [1.0.0]`
  )
  expect(JSON.parse(readFileSync(join(work, 'package.json'), 'utf8')).version).toBe('1.0.1')
})

test('the same version twice is refused, the tags left where they are', () => {
  const before = remoteTag('v1')
  expect(release('1.0.1', '--push', 'origin')).toMatchObject({
    status: 1,
    stderr: expect.stringMatching(/^release: v1\.0\.1 exists already \(at [0-9a-f]{40}\)$/)
  })
  expect(release('1.0.0')).toMatchObject({
    status: 1,
    stderr: expect.stringMatching(/v1\.0\.0 exists already/)
  })
  expect(remoteTag('v1')).toBe(before)
})

test('a tag the remote has and this clone does not is refused too', () => {
  const other = join(dir, 'other')
  git(dir, 'clone', '--quiet', remote, other)
  git(other, 'tag', 'v1.0.2')
  git(other, 'push', '--quiet', 'origin', 'v1.0.2')
  expect(release('1.0.2', '--push', 'origin').stderr).toMatch(/^release: v1\.0\.2 exists already/)
  git(remote, 'tag', '-d', 'v1.0.2')
  git(work, 'tag', '-d', 'v1.0.2')
})

test('a version below the latest of its major would move vX backwards: refused', () => {
  git(work, 'tag', 'v1.3.0')
  expect(release('1.2.0').stderr).toBe('release: v1.2.0 is not above v1.3.0: v1 would move backwards')
  git(work, 'tag', '-d', 'v1.3.0')
})

test('a dirty tree is refused before anything is tagged', () => {
  write('src/index.js', 'console.log(3)\n')
  const r = release('1.0.2')
  expect(r).toMatchObject({ status: 1, stderr: 'release: the working tree is not clean: M src/index.js' })
  expect(git(work, 'tag', '-l', 'v1.0.2')).toBe('')
})

test('a stale dist/ is refused, with the check’s own message', () => {
  write('CHANGELOG.md', changelog.replace('## [Unreleased]\n', '## [Unreleased]\n\n- three\n'))
  commitAll('source without its dist')
  const r = release('1.0.2', '--from-unreleased')
  expect(r.status).toBe(1)
  expect(r.stderr).toBe(
    'release: dist/ does not match the sources (npm run package:check): dist/ is stale against the sources: run npm run package and commit dist/'
  )
  expect(git(work, 'status', '--porcelain')).toBe('')
  expect(git(work, 'tag', '-l', 'v1.0.2')).toBe('')
})

test('a workflow naming another major of our actions than the one released is refused', () => {
  write('dist/index.js', 'console.log(3)\n')
  copyFileSync(
    join(repoRoot, '__tests__/fixtures/release/build-v2.yml'),
    join(work, '.github/workflows/build.yml')
  )
  commitAll('workflow on v2')
  expect(release('1.0.2', '--from-unreleased').stderr).toBe(
    'release: .github/workflows/build.yml:11 uses org/build@v2, this release moves v1'
  )
  write('.github/workflows/build.yml', workflow)
  commitAll('workflow back on v1')
  expect(release('1.0.2', '--from-unreleased').status).toBe(0)
  expect(git(work, 'rev-parse', 'v1^{commit}')).toBe(git(work, 'rev-parse', 'HEAD'))
})

test('a version that is not X.Y.Z, or an option without its value, is refused in one line', () => {
  expect(release('1.1').stderr).toBe("release: version: got '1.1'; accepted: one X.Y.Z (e.g. 1.2.3)")
  expect(release('1.1.0', '--push')).toMatchObject({
    status: 1,
    stderr: expect.stringMatching(
      /^release: Option '--push <value>' argument missing; usage: release\.mjs X\.Y\.Z/
    )
  })
})
