// setup-builder on the real engine: frontend pinning against the local registry, emulation, entitlements,
// the builders it creates (and only those it removes), and setup-buildx-action's inputs reaching buildx.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { manifest } from '../../test-support/registry.js'
import { dockerSpy } from '../../test-support/docker-spy.mjs'
import { startDouble } from '../../test-support/gh-double/index.mjs'

const env = engineEnv()
const docker = (...args: string[]) =>
  execFileSync('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' })
// A stand-in frontend image in the local registry: resolution and propagation are what is tested.
const frontend = `${env.E2E_REGISTRY}/frontends/dockerfile`

beforeAll(() => {
  docker('buildx', 'imagetools', 'create', '-t', `${frontend}:1.0`, env.E2E_BASE_IMAGE)
})

test('syntax: the tag is resolved to the digest the registry serves, exported for later steps', async () => {
  const job = new Job({ env })
  const r = await job.run('setup-builder', { syntax: `${frontend}:1.0` })
  expect(r.errors).toEqual([])
  const served = await manifest(`${frontend}:1.0`)
  expect(r.outputs.syntax).toBe(`${frontend}:1.0@${served.digest}`)
  expect(job.env.BUILD_SUITE_SYNTAX).toBe(r.outputs.syntax)
  expect(job.env.BUILD_SUITE_ALLOWED_SYNTAX).toBe('docker/dockerfile:*\ndocker/dockerfile-upstream:*')
  job.dispose()
})

test('syntax: an unresolvable ref fails with the ref and the registry answer; syntax-resolve: false accepts it', async () => {
  const job = new Job({ env })
  const missing = `${frontend}:9.9`
  const r = await job.run('setup-builder', { syntax: missing })
  expect(r.code).toBe(1)
  expect(r.errors).toEqual([
    `syntax: cannot resolve ${missing} to a digest: ${missing}: not found (set syntax-resolve: false to use the tag as given, or syntax: none to turn pinning off)`
  ])
  const asGiven = await job.run('setup-builder', { syntax: missing, 'syntax-resolve': false })
  expect(asGiven.code).toBe(0)
  expect(asGiven.outputs.syntax).toBe(missing)
  const off = await job.run('setup-builder', { syntax: 'none' })
  expect(off.outputs.syntax).toBe('')
  expect(job.env.BUILD_SUITE_SYNTAX).toBe('')
  job.dispose()
})

test('entitlements: none unless asked; asked ones are exported', async () => {
  const job = new Job({ env })
  const none = await job.run('setup-builder', { syntax: 'none' })
  expect(none.outputs.entitlements).toBe('')
  const some = await job.run('setup-builder', {
    syntax: 'none',
    'allow-insecure-entitlements': 'network.host'
  })
  expect(some.outputs.entitlements).toBe('network.host')
  expect(job.env.BUILD_SUITE_ENTITLEMENTS).toBe('network.host')
  job.dispose()
})

describe('platforms', () => {
  const entry = '/proc/sys/fs/binfmt_misc/qemu-ppc64le'
  afterAll(() => {
    // Leave the host as the environment script set it up.
    if (existsSync(entry)) execFileSync('sh', ['-c', `echo -1 > ${entry}`])
  })

  test('a foreign platform with an installed emulator gets registered, and builds run under it', async () => {
    if (existsSync(entry)) execFileSync('sh', ['-c', `echo -1 > ${entry}`])
    const job = new Job({ env })
    const r = await job.run('setup-builder', {
      syntax: 'none',
      platforms: 'linux/amd64,linux/arm64,linux/ppc64le'
    })
    expect(r.errors).toEqual([])
    expect(r.stdout).toContain('Registering QEMU emulation: /usr/lib/binfmt.d/qemu-ppc64le.conf')
    expect(readFileSync(entry, 'utf8')).toMatch(/^enabled/)
    job.dispose()
  })

  test('a platform that cannot be emulated is named, before any command runs', async () => {
    const spy = dockerSpy(env)
    const job = new Job({ env: { ...env, ...spy.env } })
    const r = await job.run('setup-builder', { syntax: 'none', platforms: 'windows/amd64' })
    expect(r.code).toBe(1)
    expect(r.errors).toEqual([
      'platforms: cannot build for windows/amd64: QEMU runs Linux binaries only: build it on a windows runner'
    ])
    expect(spy.calls()).toEqual([])
    job.dispose()
  })
})

// A docker-container builder from the local stand-in for moby/buildkit (no Docker Hub here).
const created = { syntax: 'none', driver: 'docker-container', 'buildkit-image': env.E2E_BUILDKIT_IMAGE_NEW }
const exists = (name: string) => {
  try {
    docker('buildx', 'inspect', name)
    return true
  } catch {
    return false
  }
}

describe('the builder it creates, and only that, is removed', () => {
  test('a builder of the same name that existed before survives the failed create and the post step', async () => {
    const name = `keepme-${process.pid}`
    docker('buildx', 'create', '--name', name, '--driver', 'docker-container')
    try {
      const job = new Job({ env })
      const r = await job.run('setup-builder', { ...created, name })
      expect(r.code).toBe(1)
      expect(r.errors).toEqual([
        `name: a builder named ${name} exists on this engine already; setup-builder creates its own and removes it when the job ends, so it leaves that one alone: choose another name, or leave name empty for a generated one`
      ])
      expect(r.state['created-builder']).toBeUndefined()
      const posts = await job.complete()
      expect(posts.map(p => p.code)).toEqual([0])
      expect(exists(name)).toBe(true)
      job.dispose()
    } finally {
      docker('buildx', 'rm', name)
    }
  })

  test('name: an existing docker-container builder is refused in one line with driver auto and docker as with docker-container', async () => {
    const name = `taken-${process.pid}`
    docker('buildx', 'create', '--name', name, '--driver', 'docker-container')
    try {
      for (const driver of ['auto', 'docker-container', 'docker']) {
        const job = new Job({ env })
        const r = await job.run('setup-builder', { syntax: 'none', name, driver })
        expect(r.code).toBe(1)
        expect(r.errors).toEqual([
          expect.stringMatching(
            new RegExp(
              `^name: a builder named ${name}( \\(driver docker-container\\))? exists on this engine already; .* choose another name, or leave name empty for a generated one$`
            )
          )
        ])
        expect(r.outputs).toEqual({})
        expect(r.exported.BUILDX_BUILDER).toBeUndefined()
        await job.complete()
        expect(exists(name)).toBe(true)
        job.dispose()
      }
    } finally {
      docker('buildx', 'rm', name)
    }
  })

  test("the post step removes only the main step's own folder in RUNNER_TEMP, whatever its state says", async () => {
    const victim = mkdtempSync(join(tmpdir(), 'setup-builder-'))
    writeFileSync(join(victim, 'precious'), 'x')
    try {
      const job = new Job({ env })
      const r = await job.run('setup-builder', { syntax: 'none', driver: 'docker' })
      expect(r.errors).toEqual([])
      // State is an environment variable of the post step: anything earlier in the job could set it.
      r.state['files-dir'] = victim
      const [post] = await job.complete()
      expect(post.code).toBe(0)
      expect(existsSync(join(victim, 'precious'))).toBe(true)
      expect(post.warnings).toEqual([
        `not removing ${victim}: ${victim} is not a folder this step makes in ${job.temp}`
      ])
      job.dispose()
    } finally {
      rmSync(victim, { recursive: true, force: true })
    }
  })

  test('two legs of one job in one run get their own builders; each post step removes its own', async () => {
    const shared = { ...env, GITHUB_RUN_ID: String(Date.now()), GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'build' }
    const legs = [new Job({ env: shared }), new Job({ env: shared })]
    const [a, b] = await Promise.all(legs.map(j => j.run('setup-builder', { ...created, use: true })))
    expect([a.errors, b.errors]).toEqual([[], []])
    expect(a.outputs.name).toMatch(new RegExp(`^builder-${shared.GITHUB_RUN_ID}-1-build-[0-9a-f]{8}$`))
    expect(b.outputs.name).not.toBe(a.outputs.name)
    expect(legs[0].env.BUILDX_BUILDER).toBe(a.outputs.name)
    await legs[0].complete()
    expect(exists(a.outputs.name)).toBe(false)
    expect(exists(b.outputs.name)).toBe(true)
    await legs[1].complete()
    expect(exists(b.outputs.name)).toBe(false)
    for (const j of legs) j.dispose()
  })
})

describe('bad input fails in one line before any command runs', () => {
  test.each([
    [
      { driver: 'remote', endpoint: 'ftp://x' },
      "input 'endpoint': got 'ftp://x'; accepted: a BuildKit address"
    ],
    [
      { 'buildkitd-config-inline': '[[[' },
      "input 'buildkitd-config-inline': got '[[['; accepted: buildkitd.toml content in TOML"
    ],
    [
      { name: 'ci\n::warning::injected' },
      "input 'name': got 'ci\\n::warning::injected'; accepted: a single line"
    ],
    [
      { 'driver-opts': 'env.no_proxy=localhost,127.0.0.1' },
      "input 'driver-opts': got 'env.no_proxy=localhost,127.0.0.1'"
    ],
    [
      { 'buildkitd-config': 'no/such/buildkitd.toml' },
      "input 'buildkitd-config': got 'no/such/buildkitd.toml'; accepted: a readable buildkitd.toml file (ENOENT)"
    ],
    [{ append: '- name: n1\n  endpoint: [' }, "input 'append'"],
    [
      { 'buildkitd-config': '/dev/zero' },
      "input 'buildkitd-config': got '/dev/zero'; accepted: a regular buildkitd.toml file (not a device, a pipe or a folder)"
    ],
    [
      {
        driver: 'remote',
        endpoint: 'tcp://127.0.0.1:1',
        append: '- name: n1\n  endpoint: tcp://127.0.0.1:1\n- name: n1\n  endpoint: tcp://127.0.0.1:2'
      },
      "accepted: each node name once ('n1' names nodes 1 and 2)"
    ],
    [{ version: 'latest' }, "input 'version': got 'latest'"]
  ])('%j', async (inputs, message) => {
    const spy = dockerSpy(env)
    const job = new Job({ env: { ...env, ...spy.env } })
    const r = await job.run('setup-builder', { syntax: 'none', ...inputs })
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toContain(message)
    expect(r.warnings).toEqual([])
    expect(spy.calls()).toEqual([])
    job.dispose()
  })
})

describe('setup-buildx-action inputs on a docker-container builder', () => {
  test('driver-opts with commas, buildkitd-config, platforms without * marks, keep-state', async () => {
    const job = new Job({ env })
    const config = `${job.temp}/buildkitd.toml`
    writeFileSync(config, '[worker.oci]\n  max-parallelism = 3\n')
    const r = await job.run('setup-builder', {
      ...created,
      'driver-opts': '"env.no_proxy=localhost,127.0.0.1"\nnetwork=host',
      'buildkitd-config': config,
      platforms: 'linux/amd64\n"linux/arm64"',
      'keep-state': true
    })
    expect(r.errors).toEqual([])
    const name = r.outputs.name
    const container = `buildx_buildkit_${name}0`
    // one option reached buildx, with its commas
    expect(docker('inspect', '--format', '{{json .Config.Env}}', container)).toContain(
      '"no_proxy=localhost,127.0.0.1"'
    )
    expect(docker('exec', container, 'cat', '/etc/buildkit/buildkitd.toml')).toContain('max-parallelism = 3')
    expect(r.outputs.platforms.split(',').slice(0, 2)).toEqual(['linux/amd64', 'linux/arm64'])
    expect(r.outputs.platforms).not.toContain('*')
    expect(JSON.parse(r.outputs.nodes)[0]).toMatchObject({ name: `${name}0`, status: 'running' })
    // the node's driver options as buildx lists them, as setup-buildx-action's nodes output has them
    expect(JSON.parse(r.outputs.nodes)[0]['driver-opts']).toEqual(
      expect.arrayContaining(['env.no_proxy=localhost,127.0.0.1', 'network=host'])
    )
    expect(r.outputs.driver).toBe('docker-container')
    expect(r.outputs['buildkit-version']).toBe(env.E2E_BUILDKIT_NEW.replace(/^v/, ''))
    const [post] = await job.complete()
    expect(post.stdout).toContain(`Removing builder ${name} (keeping its state)`)
    expect(exists(name)).toBe(false)
    expect(docker('volume', 'ls', '--format', '{{.Name}}')).toContain(`${container}_state`)
    docker('volume', 'rm', `${container}_state`)
    job.dispose()
  })

  test('use: false leaves later steps on the builder they had', async () => {
    const job = new Job({ env })
    const r = await job.run('setup-builder', { ...created, use: false })
    expect(r.errors).toEqual([])
    expect(r.exported.BUILDX_BUILDER).toBeUndefined()
    expect(job.env.BUILDX_BUILDER).toBeUndefined()
    expect(docker('buildx', 'inspect').split('\n')[0]).not.toContain(r.outputs.name)
    await job.complete()
    expect(exists(r.outputs.name)).toBe(false)
    job.dispose()
  })
})

describe('remote BuildKit with mutual TLS, and a second node appended', () => {
  // Two buildkitd daemons (the stand-in moby/buildkit image) listening on TCP with TLS, with
  // certificates made here; setup-builder gets them as BUILDER_NODE_<n>_AUTH_TLS_* as on GitHub. On
  // the host's network, so they pull from the registry on its loopback; a unix socket besides, for
  // buildctl to list what each one built.
  const certs = mkdtempSync(join(tmpdir(), 'bk-tls-'))
  const daemons: { id: string; port: number }[] = []
  const ssl = (args: string) => execFileSync('openssl', args.split(' '), { cwd: certs, stdio: 'pipe' })
  const pem = (f: string) => readFileSync(join(certs, f), 'utf8')
  // Free ports for the daemons, all held at once so that no two are the same (one picked after the
  // first daemon started could be the port that daemon has not bound yet).
  const listening = () =>
    new Promise<Server>(resolve => {
      const srv = createServer().listen(0, '127.0.0.1', () => resolve(srv))
    })
  const freePorts = async (n: number) => {
    const servers = await Promise.all(Array.from({ length: n }, listening))
    const ports = servers.map(s => (s.address() as AddressInfo).port)
    await Promise.all(servers.map(s => new Promise(resolve => s.close(resolve))))
    return ports
  }

  beforeAll(async () => {
    ssl('req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 1 -subj /CN=test-ca')
    for (const [who, ext] of [
      ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth'],
      ['client', 'extendedKeyUsage=clientAuth']
    ]) {
      writeFileSync(join(certs, `${who}.ext`), ext)
      ssl(`req -newkey rsa:2048 -nodes -keyout ${who}-key.pem -out ${who}.csr -subj /CN=${who}`)
      ssl(
        `x509 -req -in ${who}.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out ${who}.pem -days 1 -extfile ${who}.ext`
      )
    }
    for (const port of await freePorts(2)) {
      const id = docker(
        'run', '-d', '--rm', '--privileged', '--network', 'host', '-v', `${certs}:/certs:ro`,
        env.E2E_BUILDKIT_IMAGE_NEW, '--addr', `tcp://127.0.0.1:${port}`, '--addr', 'unix:///run/buildkit/buildkitd.sock',
        '--tlscacert', '/certs/ca.pem', '--tlscert', '/certs/server.pem', '--tlskey', '/certs/server-key.pem'
      ).trim() // prettier-ignore
      daemons.push({ id, port })
    }
  })
  afterAll(() => {
    for (const d of daemons) docker('rm', '-f', d.id)
    rmSync(certs, { recursive: true, force: true })
  })

  test('the certificates are written, passed as cacert/cert/key, the builder boots; the post step removes both', async () => {
    const tls = (n: number) => ({
      [`BUILDER_NODE_${n}_AUTH_TLS_CACERT`]: pem('ca.pem'),
      [`BUILDER_NODE_${n}_AUTH_TLS_CERT`]: pem('client.pem'),
      [`BUILDER_NODE_${n}_AUTH_TLS_KEY`]: pem('client-key.pem')
    })
    const job = new Job({ env: { ...env, ...tls(0), ...tls(1) } })
    // The post steps run whatever fails: a builder left behind would be the engine's current one for
    // the tests after this file.
    let completed = false
    try {
      const [a, b] = daemons
      const r = await job.run('setup-builder', {
        syntax: 'none',
        driver: 'remote',
        endpoint: `tcp://127.0.0.1:${a.port}`,
        platforms: 'linux/amd64',
        append: `- name: second\n  endpoint: tcp://127.0.0.1:${b.port}\n  platforms: linux/arm64`
      })
      expect(r.errors).toEqual([])
      expect(r.outputs.driver).toBe('remote')
      expect(r.outputs['buildkit-version']).toBe(env.E2E_BUILDKIT_NEW.replace(/^v/, ''))
      const nodes = JSON.parse(r.outputs.nodes)
      expect(nodes.map((n: { name: string; status: string }) => [n.name, n.status])).toEqual([
        [`${r.outputs.name}0`, 'running'],
        ['second', 'running']
      ])
      expect(nodes[0].platforms.split(',')[0]).toBe('linux/amd64')
      expect(nodes[1].platforms.split(',')[0]).toBe('linux/arm64')
      // the private key is masked, line by line, and its file is the runner user's alone
      expect(r.masks.length).toBeGreaterThan(0)
      expect(pem('client-key.pem')).toContain(r.masks[0])
      const folder = r.state['files-dir']
      const key = join(folder, 'certs', `key_127.0.0.1-${a.port}.pem`)
      expect(readFileSync(key, 'utf8')).toBe(pem('client-key.pem'))
      expect(statSync(key).mode & 0o777).toBe(0o600)

      // One two-platform build is split across the nodes, each building the platform it declares (the
      // arm64 node under the host's QEMU).
      const ctx = mkdtempSync(join(tmpdir(), 'split-'))
      writeFileSync(join(ctx, 'Dockerfile'), `FROM ${env.E2E_BASE_IMAGE}\nRUN uname -m > /arch\n`)
      const build = (...args: string[]) =>
        execFileSync('docker', ['buildx', 'build', '--builder', r.outputs.name, ...args, ctx], {
          env: { ...process.env, ...job.env },
          stdio: 'pipe'
        })
      build('--platform', 'linux/amd64,linux/arm64', '--output', `type=local,dest=${ctx}/out`)
      expect(readFileSync(join(ctx, 'out/linux_amd64/arch'), 'utf8').trim()).toBe('x86_64')
      expect(readFileSync(join(ctx, 'out/linux_arm64/arch'), 'utf8').trim()).toBe('aarch64')
      // Each daemon's build history: the platform of every build it ran.
      const built = (d: { id: string }) =>
        docker('exec', d.id, 'buildctl', 'debug', 'histories', '--format', '{{json .}}')
          .split('\n')
          .filter(Boolean)
          .map(
            l =>
              (JSON.parse(l) as { record: { FrontendAttrs: { platform: string } } }).record.FrontendAttrs
                .platform
          )
      expect(built(a)).toEqual(['linux/amd64'])
      expect(built(b)).toEqual(['linux/arm64'])
      // A matrix leg (the build action, on the builder setup-builder exported) goes to the node that
      // declares its platform, and pushes by digest.
      const gh = await startDouble()
      const leg = await job.run(
        '.',
        { arch: 'arm64v8', tags: `${env.E2E_REGISTRY}/e2e/two-node-leg`, push: true },
        { env: { ...gh.env(), GITHUB_WORKSPACE: ctx } }
      )
      expect([leg.errors, leg.code]).toEqual([[], 0])
      expect(leg.stdout).toContain(`building with "${r.outputs.name}" instance using remote driver`)
      expect(built(a)).toEqual(['linux/amd64'])
      expect(built(b)).toEqual(['linux/arm64', 'linux/arm64'])
      expect((await manifest(`${env.E2E_REGISTRY}/e2e/two-node-leg@${leg.outputs.digest}`)).status).toBe(200)

      const posts = await job.complete() // the leg's post step first (its workspace is the build context)
      completed = true
      await gh.close()
      expect(posts.map(p => [p.action, p.code, p.warnings])).toEqual([
        ['.', 0, []],
        ['setup-builder', 0, []]
      ])
      rmSync(ctx, { recursive: true, force: true })
      expect(exists(r.outputs.name)).toBe(false)
      expect(existsSync(folder)).toBe(false)
    } finally {
      if (!completed) await job.complete().catch(() => undefined)
      job.dispose()
    }
  })
})

describe('QEMU without host packages: the binfmt installer image', () => {
  const entry = '/proc/sys/fs/binfmt_misc/qemu-s390x'
  const unregister = () => existsSync(entry) && execFileSync('sh', ['-c', `echo -1 > ${entry}`])
  const saved = { ...process.env }
  beforeAll(() => Object.assign(process.env, env))
  afterAll(() => {
    unregister()
    process.env = saved
  })

  test('a step on a host without qemu-user-static registers what it lacks with the installer image', async () => {
    unregister()
    // The step's process sees an empty /usr/lib/binfmt.d (a tmpfs in a mount namespace of its own), as
    // on a hosted runner: no qemu-user-static to register from. bash, as dash drops the INPUT_* variables
    // with a dash in their names.
    const hostWithoutQemu = [
      ...['unshare', '-m', '--', 'bash', '-c'],
      'mount -t tmpfs none /usr/lib/binfmt.d && exec "$@"',
      'bash'
    ]
    const job = new Job({ env })
    const inputs = { syntax: 'none', platforms: 'linux/s390x', 'binfmt-image': env.E2E_BINFMT_IMAGE }
    const r = await job.run('setup-builder', inputs, { wrap: hostWithoutQemu })
    job.dispose()
    expect([r.errors, r.code]).toEqual([[], 0])
    expect(r.stdout).toContain(`Registering QEMU emulation with ${env.E2E_BINFMT_IMAGE}: linux/s390x`)
    expect(readFileSync(entry, 'utf8')).toMatch(/^enabled/)
  })

  // The installer's own answers, driven directly.
  test("setup-qemu-action's command registers the emulator; what it cannot register is named with its log line", async () => {
    const { installEmulators } = await import('../../setup-builder/emulation.js')
    unregister()
    await installEmulators(env.E2E_BINFMT_IMAGE, ['linux/s390x'])
    expect(readFileSync(entry, 'utf8')).toMatch(/^enabled/)
    await expect(installEmulators(env.E2E_BINFMT_IMAGE, ['linux/sparc64'])).rejects.toThrow(
      'platforms: cannot build for linux/sparc64: the binfmt installer did not register it (installing: sparc64 unsupported architecture: sparc64)'
    )
  })
})
