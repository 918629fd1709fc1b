// A drop-in leg's builder from buildx's store: which builder buildx would use, and its driver.
import { createHash } from 'node:crypto'
import { storedLegFacts } from '../../../build/matrix/builder-store.js'

const files = (f: Record<string, string>) => (path: string) => f[path]
const env = { DOCKER_CONFIG: '/cfg' }
const group = (name: string, driver: string) => JSON.stringify({ Name: name, Driver: driver, Nodes: [] })
const unread = (builder: string, driver: string) => ({ builder, driver, platforms: [], unread: true })

describe('storedLegFacts', () => {
  test('a named builder: its driver from instances/<name>', () => {
    const read = files({ '/cfg/buildx/instances/ci': group('ci', 'docker-container') })
    expect(storedLegFacts('ci', env, read)).toEqual(unread('ci', 'docker-container'))
    expect(storedLegFacts('CI', env, read)).toEqual(unread('CI', 'docker-container'))
    expect(storedLegFacts('', { ...env, BUILDX_BUILDER: 'ci' }, read)).toEqual(
      unread('ci', 'docker-container')
    )
  })
  test('no builder named, none current: the context’s own builder, the docker driver', () => {
    expect(storedLegFacts('', env, files({}))).toEqual(unread('default', 'docker'))
    const read = files({ '/cfg/config.json': '{"currentContext":"rootless"}' })
    expect(storedLegFacts('', env, read)).toEqual(unread('rootless', 'docker'))
    const cleared = files({ '/cfg/buildx/current': '{"Key":"unix:///var/run/docker.sock","Name":""}' })
    expect(storedLegFacts('', env, cleared)).toEqual(unread('default', 'docker'))
  })
  test('the current builder of this context (buildx use), keyed by the endpoint of the default context', () => {
    const store = {
      '/cfg/buildx/current': '{"Key":"unix:///run/e.sock","Name":"ci","Global":false}',
      '/cfg/buildx/instances/ci': group('ci', 'remote')
    }
    expect(storedLegFacts('', { ...env, DOCKER_HOST: 'unix:///run/e.sock' }, files(store))).toEqual(
      unread('ci', 'remote')
    )
    // Current for another endpoint: this context's default builder (none set: its own).
    expect(storedLegFacts('', env, files(store))).toEqual(unread('default', 'docker'))
    const hash = createHash('sha256').update('unix:///var/run/docker.sock').digest('hex').slice(0, 20)
    const byDefault = { ...store, [`/cfg/buildx/defaults/${hash}`]: 'ci' }
    expect(storedLegFacts('', env, files(byDefault))).toEqual(unread('ci', 'remote'))
    const global = { ...store, '/cfg/buildx/current': '{"Key":"x","Name":"ci","Global":true}' }
    expect(storedLegFacts('', env, files(global))).toEqual(unread('ci', 'remote'))
    // The current builder removed since: the context's own, as buildx falls back.
    const gone = { '/cfg/buildx/current': '{"Key":"unix:///var/run/docker.sock","Name":"ci"}' }
    expect(storedLegFacts('', env, files(gone))).toEqual(unread('default', 'docker'))
  })
  test('a docker context named as the builder: its docker driver; an unknown name: undefined (inspect)', () => {
    const meta = `/cfg/contexts/meta/${createHash('sha256').update('remote-engine').digest('hex')}/meta.json`
    expect(storedLegFacts('remote-engine', env, files({ [meta]: '{}' }))).toEqual(
      unread('remote-engine', 'docker')
    )
    expect(storedLegFacts('default', env, files({}))).toEqual(unread('default', 'docker'))
    expect(storedLegFacts('nobody', env, files({}))).toBeUndefined()
    expect(storedLegFacts('broken', env, files({ '/cfg/buildx/instances/broken': '{' }))).toBeUndefined()
  })
})
