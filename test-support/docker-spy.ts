// A `docker` first on PATH that records each invocation's argv, then runs the real docker: tests
// see which commands an action started (none, for bad input), and the engine does the real work.
import { mkdtempSync, writeFileSync, readFileSync, existsSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'

export interface DockerSpy {
  /** PATH with the spy first. */
  path: string
  calls(): string[][]
}

export function dockerSpy(path: string): DockerSpy {
  const real = execFileSync('sh', ['-c', 'command -v docker'], {
    env: { PATH: path },
    encoding: 'utf8'
  }).trim()
  const dir = mkdtempSync(join(tmpdir(), 'docker-spy-'))
  const log = join(dir, 'calls.jsonl')
  const script = join(dir, 'docker')
  writeFileSync(
    script,
    `#!/usr/bin/env node
require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n')
const r = require('child_process').spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' })
process.exit(r.status ?? 1)
`
  )
  chmodSync(script, 0o755)
  return {
    path: `${dir}:${path}`,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map(l => JSON.parse(l))
        : []
  }
}
