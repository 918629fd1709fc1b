import { DOCS } from '../../../build/cache/warnings.js'
import { withoutRefused } from '../../../build/engine/refused.js'
import { fixture } from '../../helpers/build.js'
import type { CacheEntry } from '../../../build/model.js'

// buildx's answers on the engine's own builder with the classic image store (the runner engine).
const lines = (name: string) => fixture(name).split('\n')
const cacheRefused = lines('runner-cache-export-refused')
const attestRefused = lines('runner-attestation-refused')
const reg: CacheEntry = { type: 'registry', attrs: { ref: 'r.example/app:buildcache', mode: 'max' } }
const gha: CacheEntry = { type: 'gha', attrs: { scope: 's', mode: 'max' } }
const inline: CacheEntry = { type: 'inline', attrs: {} }
const BUILDER =
  'Create a builder with setup-builder (driver auto picks docker-container here) or turn on the containerd image store.'

describe('withoutRefused: what the next build leaves out', () => {
  test('cache exports: every one but inline, with one warning naming them', () => {
    expect(
      withoutRefused(cacheRefused, { cacheTo: [reg, gha, inline], defaultProvenance: true }, false)
    ).toEqual({
      cacheTo: [inline],
      defaultProvenance: true,
      warning:
        'Cache export to r.example/app:buildcache, type=gha skipped: the docker driver cannot export cache on this engine (classic image store); ' +
        `the image is built without it. ${BUILDER} See ${DOCS.backends}`
    })
  })
  test('the default provenance, with an info line (build-push-action leaves it out there)', () => {
    expect(withoutRefused(attestRefused, { cacheTo: [reg], defaultProvenance: true }, false)).toEqual({
      cacheTo: [reg],
      defaultProvenance: false,
      info: `provenance: the docker driver cannot attach attestations on this engine (classic image store): the image is built without the default provenance, as build-push-action builds it there. ${BUILDER}`
    })
  })
  test('one refusal after the other: each next build carries only its own message', () => {
    const first = withoutRefused(cacheRefused, { cacheTo: [reg], defaultProvenance: true }, false)!
    const second = withoutRefused(attestRefused, first, false)
    expect(second).toEqual({
      cacheTo: [],
      defaultProvenance: false,
      info: expect.stringMatching(/^provenance: /)
    })
  })
  test('attestations the user asked for stay: the build fails as buildx says', () => {
    expect(withoutRefused(attestRefused, { cacheTo: [], defaultProvenance: true }, true)).toBeUndefined()
  })
  test('nothing left to drop: the failure stands (no endless rebuilds)', () => {
    expect(
      withoutRefused(cacheRefused, { cacheTo: [inline], defaultProvenance: true }, false)
    ).toBeUndefined()
    expect(withoutRefused(attestRefused, { cacheTo: [], defaultProvenance: false }, false)).toBeUndefined()
  })
  test('a refusal the build cannot go on without is not retried', () => {
    const current = { cacheTo: [reg], defaultProvenance: true }
    expect(withoutRefused(lines('runner-oci-exporter-refused'), current, false)).toBeUndefined()
    expect(withoutRefused(lines('runner-multi-platform-refused'), current, false)).toBeUndefined()
  })
  test('any other failure is no refusal', () => {
    const current = { cacheTo: [reg], defaultProvenance: true }
    expect(withoutRefused(lines('trixie-error'), current, false)).toBeUndefined()
    expect(withoutRefused(lines('sid-cache-export-failed'), current, false)).toBeUndefined()
    // The words inside a build step's own output are not buildx's refusal.
    expect(
      withoutRefused(['#5 0.2 Cache export is not supported for the docker driver.'], current, false)
    ).toBeUndefined()
  })
})
