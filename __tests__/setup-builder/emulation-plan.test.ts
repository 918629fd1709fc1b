import { planEmulation, registerLine } from '../../setup-builder/emulation-plan.js'

describe('emulation', () => {
  const facts = {
    native: ['linux/amd64', 'linux/386'],
    registered: ['qemu-arm'],
    available: {
      'qemu-aarch64': '/usr/lib/binfmt.d/qemu-aarch64.conf',
      'qemu-arm': '/usr/lib/binfmt.d/qemu-arm.conf'
    }
  }
  test('native and registered platforms need nothing; installable ones are registered once', () => {
    expect(planEmulation(['linux/amd64', 'linux/arm/v7', 'linux/arm64', 'linux/arm64/v8'], facts)).toEqual({
      register: ['/usr/lib/binfmt.d/qemu-aarch64.conf'],
      missing: []
    })
  })
  test('a platform with no emulator installed is named with what to do', () => {
    expect(planEmulation(['linux/s390x'], facts).missing).toEqual([
      {
        platform: 'linux/s390x',
        why: 'no qemu-s390x emulator is registered and none is installed (install qemu-user-static, or run a binfmt installer image such as tonistiigi/binfmt)'
      }
    ])
    expect(planEmulation(['windows/amd64'], { ...facts, native: [] }).missing[0].why).toBe(
      'QEMU runs Linux binaries only: build it on a windows runner'
    )
  })
  test('the register line is the entry without comments', () => {
    expect(
      registerLine(
        '# comment\n:qemu-aarch64:M::\\x7fELF:\\xff:/usr/libexec/qemu-binfmt/aarch64-binfmt-P:OCF\n'
      )
    ).toBe(':qemu-aarch64:M::\\x7fELF:\\xff:/usr/libexec/qemu-binfmt/aarch64-binfmt-P:OCF')
  })
})
