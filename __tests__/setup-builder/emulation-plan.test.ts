import { installArgs, notInstalled, planEmulation, registerLine } from '../../setup-builder/emulation-plan.js'

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
      install: [],
      missing: []
    })
  })
  test('without qemu-user-static entries, the binfmt installer image registers them, once per arch', () => {
    expect(
      planEmulation(
        ['linux/s390x', 'linux/arm64', 'linux/riscv64', 'riscv64', 'linux/amd64'],
        facts,
        'tonistiigi/binfmt:latest'
      )
    ).toEqual({
      register: ['/usr/lib/binfmt.d/qemu-aarch64.conf'],
      install: ['linux/s390x', 'linux/riscv64'],
      missing: []
    })
    // setup-qemu-action's command: docker run --rm --privileged IMAGE --install <platforms>
    expect(installArgs('tonistiigi/binfmt:latest', ['linux/s390x', 'linux/riscv64'])).toEqual([
      'run', '--rm', '--privileged', 'tonistiigi/binfmt:latest', '--install', 'linux/s390x,linux/riscv64'
    ]) // prettier-ignore
  })
  test("the platforms the builder's nodes run natively need no emulator, from either source", () => {
    const arm = { native: ['linux/arm64', 'linux/arm/v7'], registered: [], available: {} }
    expect(
      planEmulation(['linux/arm64', 'linux/arm/v7', 'linux/amd64'], arm, 'tonistiigi/binfmt:latest')
    ).toEqual({
      register: [],
      install: ['linux/amd64'],
      missing: []
    })
  })
  test("the installer's status and log tell which platforms it could not register", () => {
    const status = JSON.stringify({
      supported: ['linux/amd64', 'linux/386', 'linux/s390x'],
      emulators: ['qemu-s390x']
    })
    expect(notInstalled(['linux/s390x'], { stdout: status, stderr: 'installing: s390x OK' })).toEqual([])
    expect(
      notInstalled(['linux/s390x', 'linux/riscv64'], {
        stdout: status,
        stderr:
          'installing: s390x OK\ninstalling: riscv64 cannot register "/usr/bin/qemu-riscv64" to /proc/sys/fs/binfmt_misc/register: permission denied'
      })
    ).toEqual([
      {
        platform: 'linux/riscv64',
        why: 'the binfmt installer did not register it (installing: riscv64 cannot register "/usr/bin/qemu-riscv64" to /proc/sys/fs/binfmt_misc/register: permission denied)'
      }
    ])
    expect(
      notInstalled(['linux/arm64'], { stdout: '', stderr: 'error: cannot mount binfmt_misc filesystem' })
    ).toEqual([
      {
        platform: 'linux/arm64',
        why: 'the binfmt installer did not register it (error: cannot mount binfmt_misc filesystem)'
      }
    ])
  })
  test('a platform with no emulator installed and no installer image is named with what to do', () => {
    expect(planEmulation(['linux/s390x'], facts).missing).toEqual([
      {
        platform: 'linux/s390x',
        why: 'no qemu-s390x emulator is registered and none is installed (install qemu-user-static, or set binfmt-image to a binfmt installer image such as tonistiigi/binfmt)'
      }
    ])
    expect(planEmulation(['linux/sparc64'], facts, 'tonistiigi/binfmt').missing[0].why).toBe(
      'no QEMU emulator exists for it'
    )
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
