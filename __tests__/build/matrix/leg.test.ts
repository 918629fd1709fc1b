// A leg's hand-off as build/main.ts drives it, against the services double (cache service v2): started
// as soon as buildx has ended (handOffLeg), then taken over by publishLeg rather than started twice.
import { claimLeg, handOffLeg, publishLeg, stageLeg } from '../../../build/matrix/leg.js'
import { findLeg, legKey } from '../../../build/matrix/handoff.js'
import { cacheService, cacheServiceConfig } from '../../../lib/cache-service.js'
import { startDouble, type Double } from '../../../test-support/gh-double/index.mjs'
import type { Built } from '../../../build/model.js'
import type { Runner } from '../../../lib/runtime.js'
import { amd64, parse } from '../../helpers/build.js'
import { d } from '../../helpers/refs.js'

const run = { GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '991', GITHUB_RUN_ATTEMPT: '1' }
const inputs = parse({ arch: 'amd64', push: 'true', tags: 'r/app:1' })
const built = (digest: string) => ({ digest }) as Built

let double: Double
let saved: NodeJS.ProcessEnv
beforeAll(async () => {
  double = await startDouble()
  saved = { ...process.env }
  Object.assign(process.env, double.env(), run)
})
afterAll(async () => {
  process.env = saved
  await double.close()
})
beforeEach(() => double.reset())

const said: string[] = []
const log = { info: (m: string) => void said.push(m), warning: (m: string) => void said.push(m) } as Runner

test('a hand-off started once buildx ended is the one published: one commit, the record found', async () => {
  const claim = claimLeg(inputs)
  const staged = stageLeg(inputs, claim, d('a'), undefined)
  expect(await (await staged)!.uploaded).toBe(true)
  double.stats.reset()
  const early = handOffLeg(inputs, d('a'), claim, undefined, staged)!
  expect(early.digest).toBe(d('a'))
  const published = await publishLeg(inputs, built(d('a')), claim, log, undefined, { staged, early })
  await published.handedOff
  expect(await early.key).toBe(
    legKey({ repository: 'acme/app', runId: '991', runAttempt: '1' }, 'r/app', amd64)
  )
  // The staged record committed once (FinalizeCacheEntryUpload), not filled or committed again.
  expect(double.stats.count()).toBe(1)
  expect(said.at(-1)).toContain(`r/app@${d('a')} handed off for the merge`)
  const api = cacheService(cacheServiceConfig(process.env)!)
  const found = await findLeg(api, { repository: 'acme/app', runId: '991', runAttempt: '1' }, 'r/app', amd64)
  expect(found?.digest).toBe(d('a'))
})

test('nothing started outside a workflow run: publishLeg says so', async () => {
  delete process.env.GITHUB_RUN_ID
  try {
    expect(handOffLeg(inputs, d('a'), claimLeg(inputs), undefined)).toBeUndefined()
    const published = await publishLeg(inputs, built(d('a')), claimLeg(inputs), log, undefined)
    await published.handedOff
    expect(said.at(-1)).toContain('not in a workflow run')
    expect(double.store.list()).toHaveLength(0)
  } finally {
    process.env.GITHUB_RUN_ID = run.GITHUB_RUN_ID
  }
})
