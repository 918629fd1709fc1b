// A `docker` first on PATH, and a DOCKER_CONFIG whose cli-plugins/ wraps the real plugins, that record
// each invocation's argv and then run the real program: tests see which commands an action started
// (none, for bad input) and the bench which processes a step starts. The actions run buildx as the
// plugin binary itself (lib/buildx.ts), so both are wrapped; the engine does the real work.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** @param {{ PATH: string, DOCKER_CONFIG: string }} env */
export function dockerSpy(env) {
  const dir = mkdtempSync(join(tmpdir(), 'docker-spy-'))
  const log = join(dir, 'calls.jsonl')
  const wrap = (file, real, name) => {
    writeFileSync(
      file,
      `#!/usr/bin/env node
require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify([${JSON.stringify(name)}, ...process.argv.slice(2)]) + '\\n')
const r = require('child_process').spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' })
process.exit(r.status ?? 1)
`
    )
    chmodSync(file, 0o755)
  }
  mkdirSync(join(dir, 'bin'))
  const docker = execFileSync('sh', ['-c', 'command -v docker'], {
    env: { PATH: env.PATH },
    encoding: 'utf8'
  }).trim()
  wrap(join(dir, 'bin', 'docker'), docker, 'docker')
  const config = join(dir, 'config')
  mkdirSync(join(config, 'cli-plugins'), { recursive: true })
  for (const f of readdirSync(env.DOCKER_CONFIG))
    if (f !== 'cli-plugins') symlinkSync(join(env.DOCKER_CONFIG, f), join(config, f))
  const plugins = join(env.DOCKER_CONFIG, 'cli-plugins')
  for (const p of existsSync(plugins) ? readdirSync(plugins) : [])
    wrap(join(config, 'cli-plugins', p), realpathSync(join(plugins, p)), p)

  const calls = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map(l => JSON.parse(l))
      : []
  return {
    env: { PATH: `${join(dir, 'bin')}:${env.PATH}`, DOCKER_CONFIG: config },
    calls,
    /** The calls so far as `program args…` lines, then forgotten. */
    take() {
      const lines = calls().map(c => c.join(' '))
      rmSync(log, { force: true })
      return lines
    },
    /** The real binary of a wrapped plugin (`docker-buildx`). */
    plugin: name => realpathSync(join(plugins, name)),
    dispose: () => rmSync(dir, { recursive: true, force: true })
  }
}
