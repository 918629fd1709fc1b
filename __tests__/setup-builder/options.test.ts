import {
  csvField,
  csvFields,
  driverOpt,
  nodeFlags,
  parseBuildkitdFlags,
  parseDriverOpts,
  shellWords
} from '../../setup-builder/options.js'

describe('csvFields: one record as Go encoding/csv reads it (buildx reads each --driver-opt so)', () => {
  test.each([
    ['image=moby/buildkit:master', ['image=moby/buildkit:master']],
    ['image=x,network=host', ['image=x', 'network=host']],
    ['"env.no_proxy=localhost,127.0.0.1,.mydomain"', ['env.no_proxy=localhost,127.0.0.1,.mydomain']],
    ['"a=say ""hi""",b=2', ['a=say "hi"', 'b=2']],
    ['a=1,', ['a=1', '']]
  ])('%s', (line, fields) => expect(csvFields(line)).toEqual(fields))

  test.each([
    ['a="b', 'bare " in non-quoted-field'],
    ['"a=b', 'extraneous or missing " in quoted-field'],
    ['"a=b"c', 'extraneous or missing " in quoted-field']
  ])('%s fails as buildx fails', (line, why) => expect(() => csvFields(line)).toThrow(why))

  test('csvField quotes what encoding/csv would read otherwise, and reads back the same', () => {
    for (const v of ['image=x', 'env.no_proxy=a,b', 'a="b"', ' lead', 'cacert=/tmp/a b/c.pem']) {
      expect(csvFields(csvField(v))).toEqual([v])
    }
    expect(csvField('image=x')).toBe('image=x')
    expect(csvField('env.no_proxy=a,b')).toBe('"env.no_proxy=a,b"')
  })
})

describe('driver-opts', () => {
  test("the peer's lines reach buildx as written, one option line each", () => {
    // actions-toolkit util.test.ts "do not escape surrounding quotes" (getInputList with quote: false)
    expect(parseDriverOpts('"env.no_proxy=localhost,127.0.0.1,.mydomain"')).toEqual([
      {
        line: '"env.no_proxy=localhost,127.0.0.1,.mydomain"',
        opts: [['env.no_proxy', 'localhost,127.0.0.1,.mydomain']]
      }
    ])
    // setup-buildx-action context.test.ts case 2: one per line, blank lines and spaces dropped
    expect(parseDriverOpts('image=moby/buildkit:master\n\n  network=host  \r\n').map(o => o.line)).toEqual([
      'image=moby/buildkit:master',
      'network=host'
    ])
  })
  test('several options on one line stay one line; the last value of a key is what buildx keeps', () => {
    const opts = parseDriverOpts('image=a,network=host\nimage=b')
    expect(opts[0].opts).toEqual([
      ['image', 'a'],
      ['network', 'host']
    ])
    expect(driverOpt(opts, 'image')).toBe('b')
    expect(driverOpt(opts, 'memory')).toBeUndefined()
  })
  test.each([
    ['network', "input 'driver-opts': got 'network'; accepted: key=value options"],
    ['env.no_proxy=localhost,127.0.0.1', "('127.0.0.1' is not one)"],
    ['image=x, network=host', "(' network=host' is not one)"],
    ['a="b', 'bare " in non-quoted-field'],
    ['=x', "('=x' is not one)"]
  ])('%s fails in one line naming the input', (raw, message) =>
    expect(() => parseDriverOpts(raw)).toThrow(message)
  )
})

describe('buildkitd-flags', () => {
  test('shell words as buildx splits them', () => {
    expect(shellWords(`--debug --debugaddr '0.0.0.0:6666' --oci-worker-gc=false "a b" c\\ d`)).toEqual([
      '--debug',
      '--debugaddr',
      '0.0.0.0:6666',
      '--oci-worker-gc=false',
      'a b',
      'c d'
    ])
    expect(() => shellWords(`--x 'open`)).toThrow("unclosed '")
  })
  test('entitlements named in the flags are granted; newlines are spaces', () => {
    expect(
      parseBuildkitdFlags(
        '--allow-insecure-entitlement security.insecure\n--allow-insecure-entitlement=network.host --debug'
      )
    ).toEqual({
      flags:
        '--allow-insecure-entitlement security.insecure --allow-insecure-entitlement=network.host --debug',
      entitlements: ['security.insecure', 'network.host']
    })
    expect(parseBuildkitdFlags('')).toEqual({ flags: '', entitlements: [] })
  })
  test('an unknown entitlement fails in one line', () => {
    expect(() => parseBuildkitdFlags('--allow-insecure-entitlement device')).toThrow(
      "input 'buildkitd-flags': got '--allow-insecure-entitlement device'; accepted: --allow-insecure-entitlement network.host | security.insecure"
    )
  })
  test("a node's flags: the user's, then the granted entitlements they do not name", () => {
    expect(nodeFlags('', [])).toBe('')
    expect(nodeFlags('--debug', ['network.host'])).toBe('--debug --allow-insecure-entitlement=network.host')
    expect(nodeFlags('--allow-insecure-entitlement network.host', ['network.host'])).toBe(
      '--allow-insecure-entitlement network.host'
    )
  })
})
