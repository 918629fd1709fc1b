// The hand-off against the services double, on both cache protocols: keys, records, requests counted,
// one leg per arch and attempt, and the merge's reading of what the legs wrote.
import {
  claimArch,
  findLeg,
  handOff,
  legKey,
  legKeyPrefix,
  parseLegRecord,
  recordBytes,
  RECORD_VERSION,
  stageRecord,
  type LegRecord,
  type RunFacts
} from '../../../build/matrix/handoff.js'
import {
  cacheService,
  cacheServiceConfig,
  type CacheProtocol,
  type CacheService
} from '../../../lib/cache-service.js'
import { parseArch, type Arch } from '../../../lib/arch.js'
import fc from 'fast-check'
import { startDouble, type Double } from '../../../test-support/gh-double/index.mjs'
import { amd64, arm64 } from '../../helpers/build.js'
import { d } from '../../helpers/refs.js'

const run = { repository: 'acme/app', runId: '991', runAttempt: '2' }

describe('keys and records', () => {
  test('keys: repository, run, image, arch, a hash of them exactly, then the attempt last', () => {
    const prefix = legKeyPrefix(run, 'ghcr.io/acme/app', arm64)
    expect(prefix).toMatch(/^build-digest-acme-app-991-ghcr\.io-acme-app-linux-arm64-v8-[0-9a-f]{16}-$/)
    expect(legKey(run, 'ghcr.io/acme/app', arm64)).toBe(`${prefix}2`)
  })
  test('keys are injective: images, repositories and arches that read alike get prefixes of their own', () => {
    const prefixes = [
      legKeyPrefix(run, 'reg/web/app', amd64),
      legKeyPrefix(run, 'reg/web-app', amd64),
      legKeyPrefix(run, 'reg/web app', amd64),
      legKeyPrefix(run, `reg/${'a'.repeat(200)}/x`, amd64),
      legKeyPrefix(run, `reg/${'a'.repeat(200)}/y`, amd64),
      legKeyPrefix({ ...run, repository: 'acme-app/x' }, 'reg/web/app', amd64),
      legKeyPrefix({ ...run, repository: 'acme/app-x' }, 'reg/web/app', amd64),
      legKeyPrefix(run, 'reg/web/app', arm64)
    ]
    // No prefix is a prefix of another leg's key (the merge restores by prefix).
    for (const a of prefixes) for (const b of prefixes) if (a !== b) expect(`${b}2`.startsWith(a)).toBe(false)
    expect(new Set(prefixes).size).toBe(prefixes.length)
  })
  test('property: any two distinct legs never share a key prefix', () => {
    const leg = fc.record({
      repository: fc.string({ maxLength: 40 }),
      image: fc.string({ maxLength: 40 }),
      arch: fc.constantFrom(amd64, arm64)
    })
    fc.assert(
      fc.property(leg, leg, (a, b) => {
        fc.pre(a.repository !== b.repository || a.image !== b.image || a.arch !== b.arch)
        const pa = legKeyPrefix({ ...run, repository: a.repository }, a.image, a.arch)
        const pb = legKeyPrefix({ ...run, repository: b.repository }, b.image, b.arch)
        expect(`${pb}2`.startsWith(pa)).toBe(false)
      }),
      { numRuns: 500 }
    )
  })
  test("keys stay within the cache service's 512 characters, the longest names and a late record included", () => {
    const longest = {
      repository: `${'o'.repeat(39)}/${'r'.repeat(100)}`,
      runId: '9'.repeat(20),
      runAttempt: '999'
    }
    const image = `${'h'.repeat(60)}.example:65535/${'n'.repeat(255)}`
    for (const arch of [amd64, arm64, parseArch('windows-amd64', 'arch'), parseArch('arm32v7', 'arch')])
      expect(`${legKey(longest, image, arch)}-late`.length).toBeLessThanOrEqual(512)
  })
  test('a record is read back only when it is one of this image and arch, with a digest', () => {
    const rec = {
      image: 'r/app',
      arch: 'arm64v8',
      platform: 'linux/arm64/v8',
      digest: d('c'),
      attempt: 2,
      nonce: 'n1'
    }
    const bytes = (o: object) => Buffer.from(JSON.stringify(o))
    expect(parseLegRecord(bytes(rec), 'r/app', arm64)).toEqual(rec)
    expect(parseLegRecord(bytes(rec), 'r/other', arm64)).toBeUndefined()
    expect(parseLegRecord(bytes(rec), 'r/app', amd64)).toBeUndefined()
    expect(parseLegRecord(bytes({ ...rec, digest: 'sha256:short' }), 'r/app', arm64)).toBeUndefined()
    expect(parseLegRecord(Buffer.from('not json'), 'r/app', arm64)).toBeUndefined()
  })
})

const twin = (what: string) =>
  `arch amd64: another leg of this run attempt ${what} for linux/amd64; two matrix legs build the same arch and the merge would take only one: give each leg its own arch`

describe.each<CacheProtocol>(['v1', 'v2'])('claim and hand-off on cache service %s', protocol => {
  let double: Double
  let api: CacheService
  beforeAll(async () => {
    double = await startDouble()
    const env = double.env()
    if (protocol === 'v1') delete (env as Record<string, string>).ACTIONS_CACHE_SERVICE_V2
    const config = cacheServiceConfig(env)!
    expect(config.protocol).toBe(protocol)
    api = cacheService(config, { retryDelaysMs: [0] })
  })
  afterAll(() => double.close())
  beforeEach(() => double.reset())

  const leg = (digest: string, arch: Arch = amd64): LegRecord => ({
    image: 'r/app',
    arch: arch.bashbrew,
    platform: arch.platform,
    digest
  })
  /** A leg: the claim (made while it builds), then the hand-off. */
  const publish = async (l = leg(d('a')), a: Arch = amd64, r: RunFacts = run) =>
    handOff(api, r, l, a, await claimArch(api, r, l.image, a), { waitMs: 0 })

  test('the claim is one request, the hand-off two; the merge reads the record in two', async () => {
    const claim = await claimArch(api, run, 'r/app', amd64)
    expect(claim.state).toBe('claimed')
    expect(double.stats.count()).toBe(1)
    double.stats.reset()
    const key = await handOff(api, run, leg(d('a')), amd64, claim, { waitMs: 0 })
    expect(key).toBe(legKey(run, 'r/app', amd64))
    expect(double.stats.count()).toBe(2)
    double.stats.reset()
    expect(await findLeg(api, run, 'r/app', amd64)).toEqual({ ...leg(d('a')), attempt: 2 })
    expect(double.stats.count()).toBe(2)
    // The entry is the record itself, JSON, under the suite's own version.
    const [entry] = double.store.list()
    expect(entry.version).toBe(RECORD_VERSION)
    expect(JSON.parse(double.store.bytesOf(entry).toString())).toEqual({ ...leg(d('a')), attempt: 2 })
  })
  test('a record staged while the build ends: uploaded before, committed alone after (v2); v1 uploads at the hand-off', async () => {
    const claim = await claimArch(api, run, 'r/app', amd64)
    double.stats.reset()
    const staged = stageRecord(api, claim, recordBytes(run, leg(d('a'))))
    if (protocol === 'v1') return expect(staged).toBeUndefined()
    expect(await staged!.uploaded).toBe(true)
    expect(double.stats.count()).toBe(1)
    // Not found before its commit.
    expect(await findLeg(api, run, 'r/app', amd64)).toBeUndefined()
    double.stats.reset()
    expect(await handOff(api, run, leg(d('a')), amd64, claim, { waitMs: 0, staged })).toBe(
      legKey(run, 'r/app', amd64)
    )
    expect(double.stats.count()).toBe(1)
    expect(await findLeg(api, run, 'r/app', amd64)).toEqual({ ...leg(d('a')), attempt: 2 })
  })
  test('a staged record that is not the final one (another digest), or whose upload failed, is uploaded again', async () => {
    for (const [digest, fault] of [
      [d('b'), false],
      [d('a'), true]
    ] as const) {
      double.reset()
      const claim = await claimArch(api, run, 'r/app', amd64)
      // The staged upload's two tries fail (v2; v1 stages nothing), the hand-off's upload then succeeds.
      if (fault && protocol === 'v2') double.faults.serverError({ status: 500, count: 2, match: 'blob.put' })
      const staged = stageRecord(api, claim, recordBytes(run, leg(digest)))
      if (staged) expect(await staged.uploaded).toBe(!fault)
      else expect(protocol).toBe('v1')
      double.stats.reset()
      expect(await handOff(api, run, leg(d('a')), amd64, claim, { waitMs: 0, staged })).toBe(
        legKey(run, 'r/app', amd64)
      )
      expect(double.stats.count()).toBe(2)
      expect((await findLeg(api, run, 'r/app', amd64))?.digest).toBe(d('a'))
    }
  })
  test('nothing is staged for a claim another leg holds or the service failed', async () => {
    await claimArch(api, run, 'r/app', amd64)
    const taken = await claimArch(api, run, 'r/app', amd64)
    expect(taken.state).toBe('taken')
    expect(stageRecord(api, taken, recordBytes(run, leg(d('a'))))).toBeUndefined()
    expect(stageRecord(api, { state: 'failed', reason: 'x' }, recordBytes(run, leg(d('a'))))).toBeUndefined()
  })
  test("a second leg of the arch fails naming the first one's digest, and hands nothing off", async () => {
    await publish()
    await expect(publish(leg(d('b')))).rejects.toThrow(twin(`handed off r/app@${d('a')}`))
    expect(double.store.list()).toHaveLength(1)
    expect((await findLeg(api, run, 'r/app', amd64))?.digest).toBe(d('a'))
  })
  test('two legs at once: exactly one hands off; the other fails', async () => {
    const results = await Promise.allSettled([publish(), publish(leg(d('b')))])
    expect(results.map(r => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(double.store.all()).toHaveLength(1)
    const won = results.findIndex(r => r.status === 'fulfilled')
    expect((await findLeg(api, run, 'r/app', amd64))?.digest).toBe(won === 0 ? d('a') : d('b'))
  })
  test('refused while the holder still builds: the message cannot name its digest yet', async () => {
    const first = await claimArch(api, run, 'r/app', amd64)
    expect(first.state).toBe('claimed')
    await expect(publish(leg(d('b')))).rejects.toThrow(twin('is handing off r/app'))
  })
  test('a claim the service failed is tried again at the hand-off', async () => {
    double.faults.serverError({ status: 503, count: 2 })
    const claim = await claimArch(api, run, 'r/app', amd64)
    expect(claim).toEqual({ state: 'failed', reason: expect.stringMatching(/^cache service answered 503/) })
    expect(await handOff(api, run, leg(d('a')), amd64, claim, { waitMs: 0 })).toBe(
      legKey(run, 'r/app', amd64)
    )
    expect((await findLeg(api, run, 'r/app', amd64))?.digest).toBe(d('a'))
  })
  test('a service that keeps failing: the leg fails saying why', async () => {
    double.faults.serverError({ status: 500, count: Infinity })
    await expect(publish()).rejects.toThrow(
      /^arch amd64: the digest could not be handed to the merge job: cache service answered 500/
    )
  })
  test('a claimed entry that cannot be filled (its upload URL expired): the record goes beside it', async () => {
    const claim = await claimArch(api, run, 'r/app', amd64)
    double.faults.serverError({ status: 500, count: 2, match: protocol === 'v1' ? 'v1.upload' : 'blob.put' })
    const key = await handOff(api, run, leg(d('a')), amd64, claim, { waitMs: 0 })
    expect(key).toBe(`${legKey(run, 'r/app', amd64)}-late`)
    expect((await findLeg(api, run, 'r/app', amd64))?.digest).toBe(d('a'))
    await expect(publish(leg(d('b')))).rejects.toThrow(twin(`handed off r/app@${d('a')}`))
  })
  test('images whose names read alike (reg/web/app, reg/web-app) hand off side by side, each its own digest', async () => {
    const web = (image: string, digest: string) => ({ ...leg(digest), image })
    await publish(web('reg/web/app', d('a')))
    await publish(web('reg/web-app', d('b')))
    expect((await findLeg(api, run, 'reg/web/app', amd64))?.digest).toBe(d('a'))
    expect((await findLeg(api, run, 'reg/web-app', amd64))?.digest).toBe(d('b'))
  })
  test('other arches and other attempts claim their own; the merge reads the newest attempt', async () => {
    await publish()
    await publish(leg(d('b'), arm64), arm64)
    const retry = { ...run, runAttempt: '3' }
    await publish(leg(d('c')), amd64, retry)
    expect(await findLeg(api, retry, 'r/app', amd64)).toEqual({ ...leg(d('c')), attempt: 3 })
    expect((await findLeg(api, run, 'r/app', arm64))?.digest).toBe(d('b'))
    expect(await findLeg(api, run, 'r/other', amd64)).toBeUndefined()
  })
})
