import {
  ARCHES,
  normalizePlatform,
  parseArch,
  parseArchList,
  parseEngineOverrides,
  samePlatform,
  splitPlatform
} from '../../lib/arch.js'
import { InputError } from '../../lib/errors.js'

describe('the arch table', () => {
  test.each([
    ['amd64', 'linux/amd64', 'linux/amd64', 'linux-amd64'],
    ['arm32v5', 'linux/arm/v5', 'linux/arm/v5', 'linux-arm-v5'],
    ['arm32v6', 'linux/arm/v6', 'linux/arm/v6', 'linux-arm-v6'],
    ['arm32v7', 'linux/arm/v7', 'linux/arm/v7', 'linux-arm-v7'],
    ['arm64v8', 'linux/arm64/v8', 'linux/arm64', 'linux-arm64-v8'],
    ['i386', 'linux/386', 'linux/386', 'linux-386'],
    ['mips64le', 'linux/mips64le', 'linux/mips64le', 'linux-mips64le'],
    ['ppc64le', 'linux/ppc64le', 'linux/ppc64le', 'linux-ppc64le'],
    ['riscv64', 'linux/riscv64', 'linux/riscv64', 'linux-riscv64'],
    ['s390x', 'linux/s390x', 'linux/s390x', 'linux-s390x'],
    ['windows-amd64', 'windows/amd64', 'windows/amd64', 'windows-amd64']
  ])('%s → %s (--platform %s, slug %s)', (name, platform, buildPlatform, slug) => {
    const a = parseArch(name, 'arch')
    expect(a).toMatchObject({ bashbrew: name, platform, buildPlatform, slug })
  })

  test('eleven entries with distinct slugs', () => {
    expect(ARCHES).toHaveLength(11)
    expect(new Set(ARCHES.map(a => a.slug)).size).toBe(11)
  })

  test('structured fields', () => {
    expect(parseArch('arm64v8', 'arch')).toMatchObject({ os: 'linux', architecture: 'arm64', variant: 'v8' })
    const amd = parseArch('amd64', 'arch')
    expect(amd).toMatchObject({ os: 'linux', architecture: 'amd64' })
    expect(amd.variant).toBeUndefined()
  })
})

describe('docker spellings normalise to the same entry', () => {
  test.each([
    ['arm64', 'arm64v8'],
    ['linux/arm64', 'arm64v8'],
    ['linux/arm64/v8', 'arm64v8'],
    ['arm64/v8', 'arm64v8'],
    ['aarch64', 'arm64v8'],
    ['linux/aarch64', 'arm64v8'],
    ['ARM64', 'arm64v8'],
    ['x86_64', 'amd64'],
    ['x86-64', 'amd64'],
    ['linux/amd64', 'amd64'],
    ['linux/amd64/v1', 'amd64'],
    ['386', 'i386'],
    ['linux/386', 'i386'],
    ['arm', 'arm32v7'],
    ['linux/arm', 'arm32v7'],
    ['arm/v7', 'arm32v7'],
    ['arm/7', 'arm32v7'],
    ['linux/arm/v7', 'arm32v7'],
    ['armhf', 'arm32v7'],
    ['arm/v6', 'arm32v6'],
    ['linux/arm/v6', 'arm32v6'],
    ['linux/arm/v5', 'arm32v5'],
    ['ppc64le', 'ppc64le'],
    ['linux/s390x', 's390x'],
    ['linux/riscv64', 'riscv64'],
    ['windows/amd64', 'windows-amd64'],
    ['  amd64  ', 'amd64']
  ])('%s → %s', (given, bashbrew) => {
    expect(parseArch(given, 'arch').bashbrew).toBe(bashbrew)
  })

  test.each([
    'sparc',
    'armel',
    'linux/arm/v8',
    'linux/arm64/v9',
    'linux/amd64/v3',
    'darwin/arm64',
    '',
    'linux//arm64',
    'a/b/c/d'
  ])('%j is refused with the accepted names', given => {
    expect(() => parseArch(given, 'arch')).toThrow(InputError)
    expect(() => parseArch(given, 'arch')).toThrow(
      `input 'arch': got '${given}'; accepted: amd64 | arm32v5 | arm32v6 | arm32v7 | arm64v8 | i386 | mips64le | ppc64le | riscv64 | s390x | windows-amd64, or a docker platform such as linux/arm64, arm/v7, aarch64, x86_64`
    )
  })
})

describe('arch lists', () => {
  test('commas and newlines, order kept', () => {
    expect(parseArchList('amd64, arm64v8\ns390x', 'merge').map(a => a.bashbrew)).toEqual([
      'amd64',
      'arm64v8',
      's390x'
    ])
  })
  test('empty is an empty list', () => {
    expect(parseArchList('', 'merge')).toEqual([])
  })
  test('two spellings of one platform are an error', () => {
    expect(() => parseArchList('amd64,arm64,arm64v8', 'merge')).toThrow(
      "input 'merge': got 'amd64,arm64,arm64v8'; accepted: each arch once ('arm64' and 'arm64v8' are both linux/arm64/v8)"
    )
  })
  test('the same name twice is an error', () => {
    expect(() => parseArchList('amd64,amd64', 'merge')).toThrow("each arch once ('amd64' twice)")
  })
  test('an unknown name names the input and the item', () => {
    expect(() => parseArchList('amd64,sparc', 'merge')).toThrow(
      /^input 'merge': got 'sparc'; accepted: amd64 \|/
    )
  })
})

describe('samePlatform (index manifest vs requested)', () => {
  test.each([
    ['linux/arm64', 'linux/arm64/v8', true],
    [{ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }, true],
    [{ os: 'linux', architecture: 'arm' }, 'linux/arm/v7', true],
    [{ os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm/v7', false],
    ['linux/amd64', 'linux/arm64', false],
    ['windows/amd64', 'linux/amd64', false],
    ['linux/x86_64', 'linux/amd64', true],
    ['linux/386', 'linux/i386', true],
    [{ os: 'unknown', architecture: 'unknown' }, 'linux/amd64', false],
    ['linux/arm64/v9', 'linux/arm64', false]
  ])('%j vs %j → %s', (a, b, same) => {
    expect(samePlatform(a, b)).toBe(same)
    expect(samePlatform(b, a)).toBe(same)
  })
  test('a malformed string matches nothing', () => {
    expect(samePlatform('linux//arm64', 'linux/arm64')).toBe(false)
  })
})

describe('normalisation helpers', () => {
  test('containerd rules', () => {
    expect(normalizePlatform({ os: 'Linux', architecture: 'AARCH64', variant: 'V8' })).toEqual({
      os: 'linux',
      architecture: 'arm64'
    })
    expect(normalizePlatform({ os: 'linux', architecture: 'arm', variant: '6' })).toEqual({
      os: 'linux',
      architecture: 'arm',
      variant: 'v6'
    })
    expect(normalizePlatform({ os: 'linux', architecture: 'i386', variant: 'x' })).toEqual({
      os: 'linux',
      architecture: '386'
    })
  })
  test('splitPlatform', () => {
    expect(splitPlatform('arm/v7')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' })
    expect(splitPlatform('windows/amd64')).toEqual({ os: 'windows', architecture: 'amd64' })
    expect(splitPlatform('a/b/c/d')).toBeUndefined()
  })
})

describe('engine overrides', () => {
  test('bashbrew and docker names, keyed by slug', () => {
    const m = parseEngineOverrides(
      's390x=classic,windows-amd64=classic\nlinux/arm64 = buildkit',
      'engine-overrides'
    )
    expect([...m]).toEqual([
      ['linux-s390x', 'classic'],
      ['windows-amd64', 'classic'],
      ['linux-arm64-v8', 'buildkit']
    ])
  })
  test('empty is no overrides', () => {
    expect(parseEngineOverrides('', 'engine-overrides').size).toBe(0)
  })
  test.each(['s390x', 's390x=docker', '=classic'])('%j names the input', item => {
    expect(() => parseEngineOverrides(item, 'engine-overrides')).toThrow(/^input 'engine-overrides': got '/)
  })
  test('an unknown arch names the input', () => {
    expect(() => parseEngineOverrides('sparc=classic', 'engine-overrides')).toThrow(
      /^input 'engine-overrides': got 'sparc'; accepted: amd64/
    )
  })
  test('an engine typo lists the forms', () => {
    expect(() => parseEngineOverrides('s390x=docker', 'engine-overrides')).toThrow(
      "input 'engine-overrides': got 's390x=docker'; accepted: <arch>=buildkit | <arch>=classic, comma- or newline-separated"
    )
  })
  test('one platform twice is an error', () => {
    expect(() => parseEngineOverrides('arm64=classic,arm64v8=buildkit', 'engine-overrides')).toThrow(
      'each arch once (linux/arm64/v8 repeated)'
    )
  })
})
