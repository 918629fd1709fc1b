import { knownPlatform } from '../../build/platforms.js'

describe('platforms buildx builds as what they name', () => {
  test.each([
    'linux/amd64',
    'linux/amd64/v2',
    'linux/arm64',
    'linux/arm64/v8',
    'linux/arm/v7',
    'linux/arm/v6',
    'linux/arm/v5',
    'linux/arm',
    'linux/386',
    'linux/ppc64le',
    'linux/s390x',
    'linux/riscv64',
    'linux/mips64le',
    'linux/loong64',
    'windows/amd64',
    'darwin/arm64',
    'freebsd/amd64',
    'linux/x86_64',
    'linux/aarch64',
    'linux/armhf',
    'arm64',
    'linux',
    'local',
    'Linux/AMD64'
  ])('%s is known', p => expect(knownPlatform(p)).toBe(true))
  test.each([
    'linux/notanarch',
    'linux/arm/v9',
    'linux/amd64/v7',
    'arm/v7',
    'notanos/amd64',
    'linux//amd64',
    'linux/amd64/v2/x',
    'linux/armhf/v7',
    ''
  ])('%j is not', p => expect(knownPlatform(p)).toBe(false))
})
