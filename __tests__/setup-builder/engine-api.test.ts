import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeInfo, decodeWorkers, fields, formatPlatform } from '../../setup-builder/buildkit-proto.js'
import { engineSocket, storedBuilder } from '../../setup-builder/engine-api.js'

// protobuf's wire format, written the simple way: varint keys and lengths, length-delimited fields.
const varint = (n: number): Buffer => {
  const out: number[] = []
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0))
    n >>>= 7
  } while (n)
  return Buffer.from(out)
}
const field = (no: number, value: Buffer | string): Buffer => {
  const b = Buffer.isBuffer(value) ? value : Buffer.from(value)
  return Buffer.concat([varint((no << 3) | 2), varint(b.length), b])
}
const msg = (...parts: Buffer[]) => Buffer.concat(parts)
const platform = (os: string, arch: string, variant = '') =>
  msg(field(1, arch), field(2, os), ...(variant ? [field(3, variant)] : []))

describe('BuildKit Control messages', () => {
  test('ListWorkersResponse: workers with their labels and platforms, unknown fields skipped', () => {
    const worker = msg(
      field(1, 'w1'),
      field(2, msg(field(1, 'org.mobyproject.buildkit.worker.executor'), field(2, 'containerd'))),
      field(2, msg(field(1, 'k'), field(2, 'v=1'))),
      field(3, platform('linux', 'amd64')),
      field(3, platform('linux', 'arm', 'v7')),
      field(4, msg(Buffer.from([0x08, 0x01]))), // a GC policy: skipped
      Buffer.from([0x30, 0x96, 0x01]) // a varint field 6: skipped
    )
    expect(decodeWorkers(msg(field(1, worker), field(1, msg(field(1, 'w2')))))).toEqual([
      {
        id: 'w1',
        labels: { 'org.mobyproject.buildkit.worker.executor': 'containerd', k: 'v=1' },
        platforms: [
          { os: 'linux', architecture: 'amd64', variant: '' },
          { os: 'linux', architecture: 'arm', variant: 'v7' }
        ]
      },
      { id: 'w2', labels: {}, platforms: [] }
    ])
  })

  test('InfoResponse: the version as inspect output reads, empty for v0.0.0+unknown', () => {
    const info = (v: string) =>
      msg(field(1, msg(field(1, 'github.com/moby/buildkit'), field(2, v), field(3, 'abc'))))
    expect(decodeInfo(info('v0.34.2'))).toBe('0.34.2')
    expect(decodeInfo(info('v0.0.0+unknown'))).toBe('')
    expect(decodeInfo(Buffer.alloc(0))).toBe('')
  })

  test.each([
    [Buffer.from([0x0a, 0x05, 0x61]), 'runs past'],
    [Buffer.from([0x08]), 'truncated varint'],
    [Buffer.from([0x0b]), 'wire type 3'],
    [Buffer.from([0x08, ...Array(11).fill(0xff)]), 'varint too long']
  ])('a malformed message throws (%j)', (bytes, why) => {
    expect(() => fields(bytes)).toThrow(why)
  })

  test.each([
    [['linux', 'amd64', ''], 'linux/amd64'],
    [['linux', 'x86_64', 'v1'], 'linux/amd64'],
    [['linux', 'amd64', 'v3'], 'linux/amd64/v3'],
    [['linux', 'arm', ''], 'linux/arm/v7'],
    [['linux', 'arm', '6'], 'linux/arm/v6'],
    [['linux', 'armhf', ''], 'linux/arm/v7'],
    [['linux', 'aarch64', 'v8'], 'linux/arm64'],
    [['linux', 'i386', ''], 'linux/386'],
    [['', 'riscv64', ''], 'unknown/riscv64'],
    [['Linux', 'S390X', ''], 'linux/s390x']
  ])('platform %j is listed as buildx lists it: %s', ([os, architecture, variant], shown) => {
    expect(formatPlatform({ os, architecture, variant })).toBe(shown)
  })
})

describe('engineSocket: only a plain unix socket is asked directly', () => {
  let config: string
  beforeEach(() => (config = mkdtempSync(join(tmpdir(), 'engine-api-'))))
  afterEach(() => rmSync(config, { recursive: true, force: true }))
  const context = (name: string, host: string, tls = false) => {
    const id = createHash('sha256').update(name).digest('hex')
    mkdirSync(join(config, 'contexts', 'meta', id), { recursive: true })
    writeFileSync(
      join(config, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } })
    )
    if (tls) mkdirSync(join(config, 'contexts', 'tls', id, 'docker'), { recursive: true })
  }

  test('the default context: DOCKER_HOST when it is unix://, else the CLI default socket', () => {
    expect(engineSocket('default', { DOCKER_CONFIG: config })).toBe('/var/run/docker.sock')
    expect(engineSocket('default', { DOCKER_CONFIG: config, DOCKER_HOST: 'unix:///run/e.sock' })).toBe(
      '/run/e.sock'
    )
    expect(engineSocket('default', { DOCKER_HOST: 'tcp://127.0.0.1:2375' })).toBeUndefined()
    expect(engineSocket('default', { DOCKER_HOST: 'ssh://me@host' })).toBeUndefined()
    expect(engineSocket('default', { DOCKER_HOST: 'unix://' })).toBeUndefined()
    expect(engineSocket('default', { DOCKER_HOST: 'unix:///s', DOCKER_TLS_VERIFY: '1' })).toBeUndefined()
  })

  test('a named context: its docker endpoint when unix:// and without TLS material', () => {
    context('plain', 'unix:///run/plain.sock')
    context('remote', 'tcp://10.0.0.1:2376')
    context('tls', 'unix:///run/tls.sock', true)
    const env = { DOCKER_CONFIG: config }
    expect(engineSocket('plain', env)).toBe('/run/plain.sock')
    expect(engineSocket('remote', env)).toBeUndefined()
    expect(engineSocket('tls', env)).toBeUndefined()
    expect(engineSocket('missing', env)).toBeUndefined()
    const id = createHash('sha256').update('broken').digest('hex')
    mkdirSync(join(config, 'contexts', 'meta', id), { recursive: true })
    writeFileSync(join(config, 'contexts', 'meta', id, 'meta.json'), '{not json')
    expect(engineSocket('broken', env)).toBeUndefined()
  })

  test('a builder buildx made under the name is that builder, not the context (buildx looks there first)', () => {
    mkdirSync(join(config, 'buildx', 'instances'), { recursive: true })
    writeFileSync(join(config, 'buildx', 'instances', 'mine'), '{}')
    expect(storedBuilder('Mine', { DOCKER_CONFIG: config })).toBe(true)
    expect(storedBuilder('other', { DOCKER_CONFIG: config })).toBe(false)
  })
})
