// A build given secrets, bundled, through the runner emulation with the services double: its record is
// exported but not uploaded unless DOCKER_BUILD_RECORD_UPLOAD=true says so, because a secret that a RUN
// step prints is masked in the log and in clear text in the record (F5). On sid (buildx >= 0.23, which
// has `history export`); trixie's buildx has none, which its summary says.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { Job, type StepResult } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'

const env = engineEnv()
const sid = env.E2E_SUITE === 'sid' || env.E2E_SUITE === 'sid-buildx'
const unique = `${Date.now()}`
const secret = `rec-secret-${unique}`
const dirs: string[] = []
let d: Double
beforeAll(async () => {
  d = await startDouble()
})
afterAll(async () => {
  await d?.close()
  dirs.forEach(w => rmSync(w, { recursive: true, force: true }))
})

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-record-'))
  dirs.push(dir)
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM ${env.E2E_BASE_IMAGE}\nRUN --mount=type=secret,id=TOKEN cat /run/secrets/TOKEN && echo " ${unique}"\n`
  )
  return dir
}

/** The build, then its post step (the record) at the job's end. */
async function buildThenPost(extra: Record<string, string>): Promise<{ b: StepResult; p: StepResult }> {
  const j = new Job({ env: { ...env, ...d.env(), ...extra }, workspace: workspace() })
  const s = await j.run('setup-builder', { syntax: 'none' })
  expect([s.errors, s.code]).toEqual([[], 0])
  const b = await j.run('.', { secrets: `TOKEN=${secret}`, 'no-cache': true })
  expect([b.errors, b.code]).toEqual([[], 0])
  expect(b.masks).toContain(secret)
  const p = (await j.complete()).find(x => x.action === '.')!
  expect([p.errors, p.code]).toEqual([[], 0])
  j.dispose()
  return { b, p }
}

test('secrets given: the record is exported, not uploaded, and one line says how to opt in', async () => {
  const before = d.store.artifacts.all().length
  const { p } = await buildThenPost({})
  if (!sid) return expect(p.summary).toContain('none, buildx 0.13')
  const notice =
    'build record not uploaded: the build was given secrets, and a secret a RUN step prints is masked in the log but not in the record; set DOCKER_BUILD_RECORD_UPLOAD=true to upload it anyway'
  expect(p.stdout.split('\n').filter(l => l.startsWith('build record not uploaded'))).toEqual([notice])
  expect(p.summary).toMatch(/\.dockerbuild<\/code> \([\d.]+ KB\), not uploaded: the build was given secrets/)
  expect(d.store.artifacts.all().length).toBe(before)
})

test('DOCKER_BUILD_RECORD_UPLOAD=true: uploaded as the user asked', async () => {
  const before = d.store.artifacts.all().length
  const { p } = await buildThenPost({ DOCKER_BUILD_RECORD_UPLOAD: 'true' })
  if (!sid) return expect(p.summary).toContain('none, buildx 0.13')
  expect(p.stdout).not.toContain('build record not uploaded')
  expect(p.stdout).toMatch(/build record uploaded: /)
  expect(d.store.artifacts.all().length).toBe(before + 1)
  // Why it is held back otherwise: the record (a gzipped tar of BuildKit's blobs) holds the RUN step's
  // log with the secret in clear text, where the step's log showed it masked.
  const record = d.store.artifacts.all().at(-1)!
  expect(gunzipSync(record.data!).includes(secret)).toBe(true)
})
