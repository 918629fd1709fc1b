// Docker's config.json logins and credential helpers, on a config and a helper written for the test.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { credentialHelper, dockerConfigCredentials } from '../../lib/docker-config.js'

describe('registry client', () => {
  test('docker config: auths (auth, username/password, identity token), helpers, credsStore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docker-config-'))
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'reg.io': { auth: Buffer.from('u:p:with:colons').toString('base64') },
          'https://index.docker.io/v1/': { username: 'hub', password: 'pw' },
          'id.io': { username: 'x', identitytoken: 'refresh' }
        },
        credHelpers: { 'helped.io': 'fake' },
        credsStore: 'store'
      })
    )
    const helper = async (name: string, host: string) => ({ username: name, password: host })
    const creds = dockerConfigCredentials(dir, helper)
    expect(await creds('reg.io')).toEqual({ username: 'u', password: 'p:with:colons' })
    expect(await creds('registry-1.docker.io')).toEqual({ username: 'hub', password: 'pw' })
    expect(await creds('id.io')).toEqual({ username: 'x', identityToken: 'refresh' })
    expect(await creds('helped.io')).toEqual({ username: 'fake', password: 'helped.io' })
    expect(await creds('other.io')).toEqual({ username: 'store', password: 'other.io' })
    expect(await dockerConfigCredentials(join(dir, 'missing'))('reg.io')).toBeUndefined()
  })

  test('a config.json that is a pipe or a device is not read (no login), and nothing waits on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docker-config-'))
    execFileSync('mkfifo', [join(dir, 'config.json')])
    expect(await dockerConfigCredentials(dir)('reg.io')).toBeUndefined()
    const dev = mkdtempSync(join(tmpdir(), 'docker-config-'))
    symlinkSync('/dev/zero', join(dev, 'config.json'))
    expect(await dockerConfigCredentials(dev)('reg.io')).toBeUndefined()
  }, 5000)

  test('credential helper: docker-credential-<name> get, host on stdin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cred-helper-'))
    const script = join(dir, 'docker-credential-fake')
    writeFileSync(
      script,
      '#!/bin/sh\nread host\necho "{\\"Username\\":\\"bot\\",\\"Secret\\":\\"s-$host\\"}"\n'
    )
    chmodSync(script, 0o755)
    const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` }
    expect(await credentialHelper('fake', 'reg.io', env)).toEqual({ username: 'bot', password: 's-reg.io' })
    expect(await credentialHelper('absent', 'reg.io', env)).toBeUndefined()
  })
})
