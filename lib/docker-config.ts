// The login a docker CLI would use for a registry host: $DOCKER_CONFIG/config.json (or ~/.docker),
// its auths, per-host credential helpers and the default credential store.
import { spawn } from 'node:child_process'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { MiB, readCapped } from './files.js'
import type { CredentialLookup, Credentials } from './registry.js'

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>
  credHelpers?: Record<string, string>
  credsStore?: string
}

/** Keys a docker config may use for one registry host. */
function configKeys(host: string): string[] {
  const hub = host === 'registry-1.docker.io' || host === 'docker.io' || host === 'index.docker.io'
  const keys = hub ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', host] : [host]
  return keys.flatMap(k => (k.includes('://') ? [k] : [k, `https://${k}`, `http://${k}`, `https://${k}/v1/`]))
}

/** Credentials the docker CLI would use for a host, from $DOCKER_CONFIG/config.json (or ~/.docker). */
export function dockerConfigCredentials(
  configDir = process.env.DOCKER_CONFIG || join(homedir(), '.docker'),
  helper: (name: string, host: string) => Promise<Credentials | undefined> = credentialHelper
): CredentialLookup {
  return async host => {
    let config: DockerConfig
    try {
      // DOCKER_CONFIG is the job's to set: a device or a runaway file there is not read without bound.
      const text = readCapped(join(configDir, 'config.json'), 'DOCKER_CONFIG', 16 * MiB, 'docker config')
      config = JSON.parse(text) as DockerConfig
    } catch {
      return undefined
    }
    const keys = configKeys(host)
    const helperName = keys.map(k => config.credHelpers?.[k]).find(Boolean)
    if (helperName) return helper(helperName, keys[0])
    for (const k of keys) {
      const a = config.auths?.[k]
      if (!a) continue
      if (a.identitytoken) return { username: a.username, identityToken: a.identitytoken }
      if (a.auth) {
        const plain = Buffer.from(a.auth, 'base64').toString('utf8')
        const i = plain.indexOf(':')
        if (i > 0) return { username: plain.slice(0, i), password: plain.slice(i + 1) }
      }
      if (a.username) return { username: a.username, password: a.password ?? '' }
    }
    if (config.credsStore) return helper(config.credsStore, keys[0])
    return undefined
  }
}

/** `docker-credential-<name> get` with the host on stdin; nothing stored gives undefined. */
export function credentialHelper(
  name: string,
  host: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<Credentials | undefined> {
  return new Promise(resolve => {
    const child = spawn(`docker-credential-${name}`, ['get'], { stdio: ['pipe', 'pipe', 'ignore'], env })
    let out = ''
    child.stdout.on('data', d => (out += d))
    child.on('error', () => resolve(undefined))
    child.on('close', code => {
      if (code !== 0) return resolve(undefined)
      try {
        const r = JSON.parse(out) as { Username?: string; Secret?: string }
        if (!r.Secret) return resolve(undefined)
        resolve(
          r.Username === '<token>'
            ? { identityToken: r.Secret }
            : { username: r.Username, password: r.Secret }
        )
      } catch {
        resolve(undefined)
      }
    })
    child.stdin.end(host)
  })
}
