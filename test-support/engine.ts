// The e2e engine + registry started by scripts/e2e-env.sh: its environment, for tests and the demo.
// E2E_SUITE picks the engine (trixie by default). A missing engine is an error, never a skip.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

export interface EngineEnv extends Record<string, string> {
  PATH: string
  DOCKER_HOST: string
  DOCKER_CONFIG: string
  E2E_SUITE: string
  E2E_REGISTRY: string
  E2E_BASE_IMAGE: string
}

export function engineEnv(suite = process.env.E2E_SUITE || 'trixie'): EngineEnv {
  const script = join(repoRoot, 'scripts/e2e-env.sh')
  let text: string
  try {
    text = execFileSync(script, ['env', suite], { encoding: 'utf8' })
  } catch {
    throw new Error(`no e2e engine for '${suite}': run scripts/e2e-env.sh up ${suite} first`)
  }
  const env: Record<string, string> = {}
  for (const m of text.matchAll(/^export (\w+)="(.*)"$/gm)) {
    env[m[1]] = m[2].replace(/\$PATH/g, process.env.PATH ?? '')
  }
  return env as EngineEnv
}
