// The pinned frontend and the Dockerfile policy, through setup-builder → build on the real engine.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { dockerSpy } from '../../test-support/docker-spy.mjs'

const env = engineEnv()
const docker = (...args: string[]) =>
  execFileSync('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' })
const frontend = `${env.E2E_REGISTRY}/frontends/dockerfile`

function workspace(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-'))
  writeFileSync(join(dir, 'Dockerfile'), dockerfile)
  return dir
}

beforeAll(() => {
  // A stand-in image under a frontend's name: what is tested is which ref BuildKit resolves.
  docker('buildx', 'imagetools', 'create', '-t', `${frontend}:1.0`, env.E2E_BASE_IMAGE)
})

test('build passes the pinned frontend and BuildKit resolves exactly that ref, over the # syntax= line', async () => {
  const ws = workspace(`# syntax=docker/dockerfile:1\nFROM ${env.E2E_BASE_IMAGE}\nRUN true\n`)
  const job = new Job({ env, workspace: ws })
  const setup = await job.run('setup-builder', { syntax: `${frontend}:1.0` })
  expect(setup.code).toBe(0)
  const pinned = setup.outputs.syntax
  expect(pinned).toMatch(new RegExp(`^${frontend}:1\\.0@sha256:[0-9a-f]{64}$`))
  const b = await job.run('.', {})
  expect(b.stdout).toContain(`--build-arg BUILDKIT_SYNTAX=${pinned}`)
  // BuildKit fetches the pinned frontend (busybox is no frontend, so the build then fails) and never
  // the docker/dockerfile:1 the Dockerfile names.
  expect(b.stdout).toMatch(
    new RegExp(`resolve image config for docker-image://${pinned.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`)
  )
  expect(b.stdout).not.toContain('docker/dockerfile:1 ')
  expect(b.code).toBe(1)
  job.dispose()
})

test('a BUILDKIT_SYNTAX build-arg is refused while pinned, before any command', async () => {
  const job = new Job({ env, workspace: workspace(`FROM ${env.E2E_BASE_IMAGE}\n`) })
  await job.run('setup-builder', { syntax: `${frontend}:1.0` })
  const spy = dockerSpy(env)
  const b = await job.run('.', { 'build-args': 'BUILDKIT_SYNTAX=evil/frontend:1' }, { env: { ...spy.env } })
  expect(b.code).toBe(1)
  expect(b.errors).toEqual([
    `input 'build-args': got 'BUILDKIT_SYNTAX=evil/frontend:1'; accepted: no BUILDKIT_SYNTAX while setup-builder pins the frontend to ${job.env.BUILD_SUITE_SYNTAX}`
  ])
  expect(spy.calls()).toEqual([])
  job.dispose()
})

test('policy and allowed-syntax: every finding annotated at file:line, nothing built', async () => {
  const ws = workspace(
    [
      '# syntax=ghcr.io/someone/frontend:1',
      `FROM ${env.E2E_BASE_IMAGE}`,
      'run --mount=type=bind,target=/src \\',
      '    ls /src',
      'RUN --network=host true',
      'ADD https://example.com/x.tgz /x'
    ].join('\n') + '\n'
  )
  const job = new Job({ env, workspace: ws })
  await job.run('setup-builder', { syntax: 'none' })
  const spy = dockerSpy(env)
  const b = await job.run('.', { policy: 'strict' }, { env: { ...spy.env } })
  expect(b.code).toBe(1)
  const annotated = b.stdout.split('\n').filter(l => l.startsWith('::error file=Dockerfile,line='))
  expect(annotated.map(l => /line=(\d+)/.exec(l)?.[1])).toEqual(['1', '3', '5', '6'])
  expect(b.errors.at(-1)).toBe('Dockerfile: 4 Dockerfile findings (see the annotations); nothing was built')
  expect(spy.calls()).toEqual([])
  job.dispose()
})

test('allow may only name what setup-builder granted', async () => {
  const job = new Job({ env, workspace: workspace(`FROM ${env.E2E_BASE_IMAGE}\n`) })
  await job.run('setup-builder', { syntax: 'none' })
  const refused = await job.run('.', { allow: 'network.host' })
  expect(refused.errors[0]).toMatch(/^input 'allow': got 'network.host'; accepted: none/)
  await job.run('setup-builder', { syntax: 'none', 'allow-insecure-entitlements': 'network.host' })
  const ok = await job.run('.', { allow: 'network.host' })
  expect(ok.errors).toEqual([])
  expect(ok.code).toBe(0)
  job.dispose()
})
