export interface DockerSpy {
  /** PATH with the spy first and the wrapped DOCKER_CONFIG. */
  env: { PATH: string; DOCKER_CONFIG: string }
  /** argv of each call so far, the program first (`docker`, `docker-buildx`). */
  calls(): string[][]
  /** The calls so far as `program args…` lines, then forgotten. */
  take(): string[]
  /** The real binary of a wrapped plugin (`docker-buildx`). */
  plugin(name: string): string
  dispose(): void
}
export function dockerSpy(env: { PATH: string; DOCKER_CONFIG: string }): DockerSpy
