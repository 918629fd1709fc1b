import { parseBuildxVersion, parseInspect, mainPlatforms, pluginDirs } from '../../lib/buildx.js'

describe('buildx version', () => {
  test.each([
    ['github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3', '0.13.1'],
    ['github.com/docker/buildx v0.29.1 a9e8b3c', '0.29.1'],
    ['github.com/docker/buildx v0.21.0-desktop.1 abc', '0.21.0']
  ])('%s', (out, v) => expect(parseBuildxVersion(out)).toBe(v))
  test('unreadable output says what it got', () => {
    expect(() => parseBuildxVersion('docker: unknown command')).toThrow(
      /cannot read the buildx version from: docker: unknown/
    )
  })
})

const dockerDriver = `Name:          default
Driver:        docker
Last Activity: 2026-11-23 13:31:58 +0000 UTC

Nodes:
Name:             default
Endpoint:         default
Status:           running
BuildKit version: v0.0.0+unknown
Platforms:        linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/amd64/v4, linux/arm64
Labels:
 org.mobyproject.buildkit.worker.executor:             containerd
 org.mobyproject.buildkit.worker.snapshotter:          overlayfs
`
const container = `Name:          builder-1
Driver:        docker-container
Last Activity: 2026-11-23 13:31:58 +0000 UTC

Nodes:
Name:                  builder-10
Endpoint:              unix:///var/run/docker.sock
Driver Options:        network="host"
Status:                running
BuildKit daemon flags: --allow-insecure-entitlement=network.host
BuildKit version:      v0.20.2
Platforms:             linux/amd64, linux/386
Labels:
 org.mobyproject.buildkit.worker.executor:         oci
GC Policy rule#0:
 All:            false
`

describe('buildx inspect', () => {
  test('docker driver on an engine without a BuildKit version', () => {
    const info = parseInspect(dockerDriver)
    expect(info).toMatchObject({ name: 'default', driver: 'docker' })
    expect(info.nodes).toHaveLength(1)
    expect(info.nodes[0]).toMatchObject({ name: 'default', status: 'running', buildkitVersion: '' })
    expect(info.nodes[0].labels['org.mobyproject.buildkit.worker.snapshotter']).toBe('overlayfs')
    expect(mainPlatforms(info.nodes)).toEqual(['linux/amd64', 'linux/arm64'])
  })
  test('docker-container driver with a versioned BuildKit', () => {
    const info = parseInspect(container)
    expect(info).toMatchObject({ name: 'builder-1', driver: 'docker-container' })
    expect(info.nodes[0]).toMatchObject({ name: 'builder-10', buildkitVersion: '0.20.2', status: 'running' })
    expect(info.nodes[0].platforms).toEqual(['linux/amd64', 'linux/386'])
    expect(info.nodes[0].flags).toBe('--allow-insecure-entitlement=network.host')
  })
  test('buildx 0.29 marks the platforms set with --platform with *: the platforms come without it', () => {
    const marked = container.replace(
      'linux/amd64, linux/386',
      'linux/amd64*, linux/arm64*, linux/amd64/v2, linux/386'
    )
    const info = parseInspect(marked)
    expect(info.nodes[0].platforms).toEqual(['linux/amd64', 'linux/arm64', 'linux/amd64/v2', 'linux/386'])
    expect(mainPlatforms(info.nodes)).toEqual(['linux/amd64', 'linux/arm64', 'linux/386'])
  })
  test('driver options as key=value, unquoted as Go quoted them (dashes in keys, commas, quotes)', () => {
    const opts = container.replace(
      'network="host"',
      'network="host" default-load="true" env.no_proxy="localhost,127.0.0.1" env.X="a \\"b\\" c"'
    )
    expect(parseInspect(opts).nodes[0].driverOpts).toEqual([
      'network=host',
      'default-load=true',
      'env.no_proxy=localhost,127.0.0.1',
      'env.X=a "b" c'
    ])
    expect(parseInspect(dockerDriver).nodes[0].driverOpts).toEqual([])
  })
  test('unreadable output', () =>
    expect(() => parseInspect('ERROR: no builder "x" found')).toThrow(/cannot read builder/))
})

describe('buildx plugin lookup', () => {
  const system = [
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins'
  ]
  test("the docker CLI's order: config.json's extra dirs, the config dir, the system dirs", () => {
    const read = (() =>
      '{"cliPluginsExtraDirs":["/opt/plugins"]}') as unknown as typeof import('node:fs').readFileSync
    expect(pluginDirs({ DOCKER_CONFIG: '/cfg' }, read)).toEqual([
      '/opt/plugins',
      '/cfg/cli-plugins',
      ...system
    ])
  })
  test('no config.json: the config dir and the system dirs', () => {
    const read = (() => {
      throw new Error('ENOENT')
    }) as unknown as typeof import('node:fs').readFileSync
    expect(pluginDirs({ DOCKER_CONFIG: '/cfg' }, read)).toEqual(['/cfg/cli-plugins', ...system])
  })
})
