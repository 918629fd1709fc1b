// Which processes an action step starts (every `docker` and buildx plugin run), for the breakdowns.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Records every `docker` and buildx plugin process: a `docker` first on PATH, and a DOCKER_CONFIG
 * with the same contents whose cli-plugins/ holds wrappers (setup-builder runs the plugin binary
 * itself). Shell wrappers: the spied run is only counted, never timed.
 */
export function commandSpy(env) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-spy-'))
  const log = join(dir, 'calls.log')
  const wrap = (file, real, name) =>
    writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "${name} $*" >> '${log}'\nexec '${real}' "$@"\n`, {
      mode: 0o755
    })
  mkdirSync(join(dir, 'bin'))
  const docker = execFileSync('sh', ['-c', 'command -v docker'], { env, encoding: 'utf8' }).trim()
  wrap(join(dir, 'bin/docker'), docker, 'docker')
  const config = join(dir, 'config')
  mkdirSync(join(config, 'cli-plugins'), { recursive: true })
  for (const f of readdirSync(env.DOCKER_CONFIG)) {
    if (f !== 'cli-plugins') symlinkSync(join(env.DOCKER_CONFIG, f), join(config, f))
  }
  const plugins = join(env.DOCKER_CONFIG, 'cli-plugins')
  for (const p of existsSync(plugins) ? readdirSync(plugins) : []) {
    wrap(join(config, 'cli-plugins', p), realpathSync(join(plugins, p)), p)
  }
  return {
    env: { PATH: `${join(dir, 'bin')}:${env.PATH}`, DOCKER_CONFIG: config },
    plugin: name => realpathSync(join(plugins, name)),
    /** Each recorded process as `program args…`, then forgotten. */
    take() {
      const calls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []
      rmSync(log, { force: true })
      return calls
    },
    dispose: () => rmSync(dir, { recursive: true, force: true })
  }
}
