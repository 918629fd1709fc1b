export interface EngineEnv extends Record<string, string> {
  PATH: string
  DOCKER_HOST: string
  DOCKER_CONFIG: string
  E2E_SUITE: string
  E2E_REGISTRY: string
  E2E_BASE_IMAGE: string
}
export const repoRoot: string
export function engineEnv(suite?: string): EngineEnv
export function engineUp(suite?: string): EngineEnv
