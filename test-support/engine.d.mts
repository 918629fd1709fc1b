export interface EngineEnv extends Record<string, string> {
  PATH: string
  DOCKER_HOST: string
  DOCKER_CONFIG: string
  E2E_SUITE: string
  E2E_REGISTRY: string
  /** The registry's own log (its refusals, for telling its races from a build's failure). */
  E2E_REGISTRY_LOG: string
  E2E_BASE_IMAGE: string
  /** The two pinned BuildKit versions (vX.Y.Z); OLD speaks only the gha cache service v1. */
  E2E_BUILDKIT_OLD: string
  E2E_BUILDKIT_NEW: string
  /** The local stand-ins for moby/buildkit at those versions, in this suite's registry. */
  E2E_BUILDKIT_IMAGE_OLD: string
  E2E_BUILDKIT_IMAGE_NEW: string
  /** Folders holding buildkitd and buildctl, for daemons run as host processes. */
  E2E_BUILDKIT_BIN_OLD: string
  E2E_BUILDKIT_BIN_NEW: string
  /** The local stand-in for tonistiigi/binfmt, in this suite's registry. */
  E2E_BINFMT_IMAGE: string
}
export const repoRoot: string
export function engineEnv(suite?: string): EngineEnv
export function engineUp(suite?: string): EngineEnv
