import {
  claimArch,
  claimKey,
  claimPath,
  findLeg,
  handOff,
  legKey,
  legKeyPrefix,
  legPath,
  parseLegKey
} from '../../../build/matrix/handoff.js'
import { existsSync } from 'node:fs'
import { amd64, arm64 } from '../../helpers/build.js'
import { d } from '../../helpers/refs.js'
import type { ActionsCache } from '../../../build/model.js'

const run = { repository: 'acme/app', runId: '991', runAttempt: '2' }

describe('hand-off', () => {
  test('keys: repository, run, image, arch, then the attempt last', () => {
    expect(legKeyPrefix(run, 'ghcr.io/acme/app', arm64)).toBe(
      'build-digest-acme-app-991-ghcr.io-acme-app-linux-arm64-v8-'
    )
    expect(legKey(run, 'ghcr.io/acme/app', arm64, d('b'))).toBe(
      `build-digest-acme-app-991-ghcr.io-acme-app-linux-arm64-v8-2-sha256-${'b'.repeat(64)}`
    )
    expect(legPath(amd64)).toBe('.build-digest-linux-amd64.json')
  })
  test('the key found under a leg prefix gives back the digest and the attempt', () => {
    const prefix = legKeyPrefix(run, 'r/app', arm64)
    expect(parseLegKey(legKey(run, 'r/app', arm64, d('c')), prefix, 'r/app', arm64)).toEqual({
      image: 'r/app',
      arch: 'arm64v8',
      platform: 'linux/arm64/v8',
      digest: d('c'),
      attempt: 2
    })
    // Another leg's key, or a key of another shape, is no record.
    expect(parseLegKey(legKey(run, 'r/app', amd64, d('c')), prefix, 'r/app', arm64)).toBeUndefined()
    expect(parseLegKey(`${prefix}2-latest`, prefix, 'r/app', arm64)).toBeUndefined()
  })
})

// The cache service as the hand-off meets it: one entry per key (a second save under a key is refused,
// as @actions/cache reports it: -1), lookups by exact key, then the newest entry under a restore prefix.
function cacheService(o: { down?: boolean } = {}) {
  const keys: string[] = []
  const api: ActionsCache = {
    isFeatureAvailable: () => true,
    async restoreCache(_paths, primaryKey, restoreKeys = []) {
      if (o.down) return undefined
      if (keys.includes(primaryKey)) return primaryKey
      return [...keys].reverse().find(k => restoreKeys.some(p => k.startsWith(p)))
    },
    async saveCache(_paths, key) {
      if (o.down || keys.includes(key)) return -1
      keys.push(key)
      return keys.length
    }
  }
  return { api, keys }
}

describe('claimArch + handOff: one leg per arch and attempt', () => {
  const leg = (digest: string) => ({
    image: 'r/app',
    arch: 'amd64',
    platform: 'linux/amd64',
    digest
  })
  const twin = (what: string) =>
    `arch amd64: another leg of this run attempt ${what} for linux/amd64; two matrix legs build the same arch and the merge would take only one: give each leg its own arch`
  /** A leg: the claim (made while it builds), then the hand-off. */
  const publish = async (api: ActionsCache, l = leg(d('a')), a = amd64, r = run) =>
    handOff(api, r, l, a, await claimArch(api, r, l.image, a), 0)

  test('claims the arch, then saves the key the merge finds', async () => {
    const { api, keys } = cacheService()
    const key = await publish(api)
    expect(keys).toEqual([claimKey(run, 'r/app', amd64), key])
    expect(claimKey(run, 'r/app', amd64)).toBe('build-claim-acme-app-991-r-app-linux-amd64-2')
    // The claim is not under the digest keys' prefix: the merge never mistakes it for a leg.
    expect(claimKey(run, 'r/app', amd64).startsWith(legKeyPrefix(run, 'r/app', amd64))).toBe(false)
    expect((await findLeg(api, run, 'r/app', amd64))?.digest).toBe(d('a'))
    expect(existsSync(legPath(amd64))).toBe(false)
  })
  test('the claim file: outside the workspace (the build context), one path per claim, removed after', async () => {
    const key = claimKey(run, 'r/app', amd64)
    expect(claimPath(key)).toMatch(/^\/tmp\/\.build-claim-[0-9a-f]{16}\.json$/)
    expect(claimPath(key)).toBe(claimPath(claimKey({ ...run }, 'r/app', amd64)))
    expect(claimPath(key)).not.toBe(claimPath(claimKey(run, 'r/other', amd64)))
    const { api } = cacheService()
    const saved: string[][] = []
    const save = api.saveCache
    api.saveCache = async (paths, k) => (saved.push([...paths, String(existsSync(paths[0]))]), save(paths, k))
    expect(await claimArch(api, run, 'r/app', amd64)).toBe('claimed')
    expect(saved).toEqual([[claimPath(key), 'true']])
    expect(existsSync(claimPath(key))).toBe(false)
  })
  test("a second leg of the arch fails naming the first one's digest, and hands nothing off", async () => {
    const { api, keys } = cacheService()
    await publish(api)
    await expect(publish(api, leg(d('b')))).rejects.toThrow(twin(`handed off r/app@${d('a')}`))
    expect(keys).toHaveLength(2)
    expect((await findLeg(api, run, 'r/app', amd64))?.digest).toBe(d('a'))
  })
  test('two legs at once: exactly one hands off; the other fails, whenever the first saves its digest', async () => {
    const { api, keys } = cacheService()
    const results = await Promise.allSettled([publish(api), publish(api, leg(d('b')))])
    expect(results.map(r => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(keys.filter(k => k.startsWith(legKeyPrefix(run, 'r/app', amd64)))).toHaveLength(1)
    // Refused before the other leg's digest was there: the message cannot name it yet.
    const lateKeys: string[] = []
    const late = cacheService()
    late.api.saveCache = async (_p, key) => (lateKeys.push(key), key.startsWith('build-claim-') ? -1 : 1)
    late.api.restoreCache = async (_p, primary) => (primary.startsWith('build-claim-') ? primary : undefined)
    await expect(publish(late.api, leg(d('b')))).rejects.toThrow(twin('is handing off r/app'))
    expect(lateKeys).toEqual([claimKey(run, 'r/app', amd64)])
  })
  test('a claim refused with no claim there is the cache service failing: said as such', async () => {
    const { api } = cacheService({ down: true })
    await expect(publish(api)).rejects.toThrow(
      'arch amd64: the digest could not be handed to the merge job (see the warning above)'
    )
    const throwing = cacheService().api
    throwing.saveCache = async () => {
      throw new Error('socket hang up')
    }
    expect(await claimArch(throwing, run, 'r/app', amd64)).toBe('refused')
  })
  test('other arches and other attempts claim their own', async () => {
    const { api } = cacheService()
    await publish(api)
    await publish(api, { ...leg(d('b')), arch: 'arm64v8', platform: 'linux/arm64/v8' }, arm64)
    const retry = { ...run, runAttempt: '3' }
    await publish(api, leg(d('c')), amd64, retry)
    expect((await findLeg(api, retry, 'r/app', amd64))?.digest).toBe(d('c'))
  })
})
