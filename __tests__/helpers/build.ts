// What the build action's unit tests share: its inputs as given, the arches of the matrix tests, and
// buildx output captured by __tests__/fixtures/progress/generate.sh (trixie: Docker 26.1 / buildx
// 0.13; sid: Docker 28.5 / buildx 0.29).
import { readFileSync } from 'node:fs'
import { parseArch } from '../../lib/arch.js'
import { Inputs } from '../../lib/inputs.js'
import { parseBuildInputs } from '../../build/inputs/read.js'

/** The build inputs of a step given `m`: every path named exists, and the run's environment is `env`. */
export const parse = (m: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  parseBuildInputs(new Inputs(n => m[n] ?? ''), env, () => true)

export const amd64 = parseArch('amd64', 'arch')
export const arm64 = parseArch('arm64v8', 'arch')

export const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/progress/${name}.txt`, import.meta.url), 'utf8')
