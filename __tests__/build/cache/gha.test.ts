import { UserError } from '../../../lib/errors.js'
import {
  atLeast,
  checkGhaV2,
  ghaService,
  ghaUnavailable,
  type BuilderVersions
} from '../../../build/cache/gha.js'

describe('gha service', () => {
  const V2 = {
    ACTIONS_CACHE_SERVICE_V2: 'True',
    ACTIONS_RESULTS_URL: 'https://r/',
    ACTIONS_RUNTIME_TOKEN: 't'
  }
  test.each([
    [{ ...V2 }, 'v2'],
    [{ ...V2, ACTIONS_CACHE_URL: 'https://c/' }, 'v2'],
    [{ ACTIONS_CACHE_SERVICE_V2: '1', ACTIONS_RESULTS_URL: 'https://r/' }, 'v2'],
    [
      {
        ACTIONS_CACHE_SERVICE_V2: 'false',
        ACTIONS_RESULTS_URL: 'https://r/',
        ACTIONS_CACHE_URL: 'https://c/'
      },
      'v1'
    ],
    [{ ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_CACHE_URL: 'https://c/' }, 'v1'],
    [{ ACTIONS_CACHE_URL: 'https://c/' }, 'v1'],
    [{}, undefined]
  ])('%j → %s', (env, service) => expect(ghaService(env)).toBe(service))

  test('available with a token and a service', () => expect(ghaUnavailable(V2)).toBeUndefined())
  test('no runtime token: the runner did not provide the service', () => {
    expect(ghaUnavailable({ ACTIONS_CACHE_URL: 'https://c/' })).toBe(
      'cache: gha: the runner did not provide the GitHub cache service to this step (ACTIONS_RUNTIME_TOKEN is not set); ' +
        'building without the gha cache. The runner gives it to JavaScript action steps; runners outside GitHub ' +
        'Actions may not offer it (use cache: registry there).'
    )
  })
  test('a token but no service URL', () => {
    expect(ghaUnavailable({ ACTIONS_RUNTIME_TOKEN: 't' })).toContain(
      'the runner did not provide the GitHub cache service to this step (neither ACTIONS_RESULTS_URL nor ACTIONS_CACHE_URL is set)'
    )
  })
})

test.each([
  ['0.21.0', '0.21.0', true],
  ['0.20.9', '0.21.0', false],
  ['0.29.1+ds1', '0.21.0', true],
  ['26.1.5+dfsg1', '28.0.0', false],
  ['v28.0', '28.0.0', true],
  ['28.5.2', '28.0.0', true],
  ['1.0.0', '0.21.0', true],
  ['unknown', '0.21.0', undefined]
])('atLeast(%s, %s) = %s', (v, min, ok) => expect(atLeast(v, min)).toBe(ok))

describe('checkGhaV2', () => {
  const v = (o: Partial<BuilderVersions>): BuilderVersions => ({
    buildx: '0.29.1',
    buildkit: '',
    driver: 'docker',
    engine: '28.5.2',
    ...o
  })
  const fails = (o: Partial<BuilderVersions>) => {
    try {
      checkGhaV2(v(o))
    } catch (e) {
      expect(e).toBeInstanceOf(UserError)
      return (e as Error).message
    }
    throw new Error('no error')
  }
  test('a new buildx and an engine from 28.0: judged by the engine, said so', () => {
    expect(checkGhaV2(v({}))).toBe(
      "cache: gha uses cache service v2 (buildx >= 0.21 and BuildKit >= 0.20): found buildx 0.29.1 and BuildKit unknown (the engine reports no BuildKit version, as Debian's builds do; judged by Docker engine 28.5.2: engines from 28.0 include BuildKit >= 0.20)"
    )
  })
  test('a builder that reports its BuildKit', () => {
    expect(checkGhaV2(v({ buildkit: '0.20.1', driver: 'docker-container' }))).toBe(
      'cache: gha uses cache service v2 (buildx >= 0.21 and BuildKit >= 0.20): found buildx 0.29.1 and BuildKit 0.20.1'
    )
  })
  test('a remote builder without a version is not judged', () => {
    expect(checkGhaV2(v({ driver: 'remote' }))).toContain(
      'BuildKit unknown (the remote reports no version; not checked)'
    )
  })
  test("trixie's buildx 0.13 on Docker 26.1", () => {
    expect(fails({ buildx: '0.13.1', engine: '26.1.5+dfsg1' })).toBe(
      "cache: gha: the runner offers the GitHub cache service v2, which needs buildx >= 0.21 and BuildKit >= 0.20; found buildx 0.13.1 and BuildKit unknown (the engine reports no BuildKit version, as Debian's builds do; judged by Docker engine 26.1.5+dfsg1: engines before 28.0 include BuildKit older than 0.20). " +
        'To use the gha cache, install buildx >= 0.21 and use Docker engine >= 28.0, or setup-builder with driver: docker-container (moby/buildkit >= 0.20); or use cache: registry.'
    )
  })
  test('a new buildx with an old BuildKit container', () => {
    expect(fails({ buildkit: '0.19.0', driver: 'docker-container' })).toBe(
      'cache: gha: the runner offers the GitHub cache service v2, which needs buildx >= 0.21 and BuildKit >= 0.20; found buildx 0.29.1 and BuildKit 0.19.0. ' +
        'To use the gha cache, use a builder with BuildKit >= 0.20; or use cache: registry.'
    )
  })
  test('an old buildx with a new BuildKit', () => {
    expect(fails({ buildx: '0.20.1', buildkit: '0.21.0', driver: 'docker-container' })).toBe(
      'cache: gha: the runner offers the GitHub cache service v2, which needs buildx >= 0.21 and BuildKit >= 0.20; found buildx 0.20.1 and BuildKit 0.21.0. ' +
        'To use the gha cache, install buildx >= 0.21; or use cache: registry.'
    )
  })
})
