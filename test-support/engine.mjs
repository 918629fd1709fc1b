// The e2e engine + registry started by scripts/e2e-env.sh: its environment, for tests and the demo.
// E2E_SUITE picks the engine: trixie (default), sid, or runner (classic image store, like a GitHub-hosted
// runner's). A missing engine is an error, never a skip.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const script = join(repoRoot, 'scripts/e2e-env.sh')

export function engineEnv(suite = process.env.E2E_SUITE || 'trixie') {
  let text
  try {
    text = execFileSync(script, ['env', suite], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch {
    throw new Error(`no e2e engine for '${suite}': run scripts/e2e-env.sh up ${suite} first`)
  }
  const env = {}
  for (const m of text.matchAll(/^export (\w+)="(.*)"$/gm)) {
    env[m[1]] = m[2].replace(/\$PATH/g, process.env.PATH ?? '')
  }
  return env
}

/** Starts the engine + registry (idempotent) and returns its environment. */
export function engineUp(suite = process.env.E2E_SUITE || 'trixie') {
  execFileSync(script, ['up', suite], { stdio: ['ignore', 'inherit', 'inherit'] })
  return engineEnv(suite)
}
