// The build record, planned: which build (buildx's ref), what buildx can export it, the file's name, the
// `buildx history export` argv, and what the main step hands to the post step. Pure.
//
// As build-push-action does it: the ref is `buildx.build.ref` in the metadata file (`<builder>/<node>/<ref>`)
// or, when a failed build wrote no metadata, the newest of buildx's local refs since the build started
// (record.ts); `buildx history export` (buildx >= 0.23; --finalize from 0.24, before that the peer waits
// 3 s for BuildKit to finalize the record) writes `<owner>~<repo>~<REF6>.dockerbuild`, uploaded as an
// artifact of that name (not zipped) in the post step, after the job's other steps.

import { isTrue } from './switches.js'

export interface BuildRef {
  builder: string
  node: string
  ref: string
}

export function parseBuildRef(s: string): BuildRef | undefined {
  const parts = s.split('/')
  return parts.length === 3 && parts.every(Boolean)
    ? { builder: parts[0], node: parts[1], ref: parts[2] }
    : undefined
}

export function metadataRef(metadata: Record<string, unknown>): BuildRef | undefined {
  const ref = metadata['buildx.build.ref']
  return typeof ref === 'string' ? parseBuildRef(ref) : undefined
}

const version = (v: string) => v.split('.').map(n => parseInt(n, 10) || 0)
const atLeast = (v: string, min: string) => {
  const [a, b] = [version(v), version(min)]
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return true
}

export type ExportSupport = { export: false } | { export: true; finalize: boolean; waitMs: number }

/** `history export` came with buildx 0.23; `--finalize` with 0.24 (0.23 waits for the record instead). */
export function exportSupport(buildx: string): ExportSupport {
  if (!atLeast(buildx, '0.23.0')) return { export: false }
  return atLeast(buildx, '0.24.0')
    ? { export: true, finalize: true, waitMs: 0 }
    : { export: true, finalize: false, waitMs: 3000 }
}

/** `<owner>~<repo>~<first 6 of the ref, upper case>.dockerbuild`, as the peer names it. */
export function recordFileName(repository: string, ref: string): string {
  const [owner, repo] = (repository || 'local/build').split('/')
  return `${owner}~${repo}~${ref.slice(0, 6).toUpperCase()}.dockerbuild`
}

export function exportArgs(r: BuildRef, output: string, finalize: boolean): string[] {
  return [
    'buildx',
    'history',
    'export',
    '--builder',
    r.builder,
    '--output',
    output,
    ...(finalize ? ['--finalize'] : []),
    r.ref
  ]
}

/** What the main step saves for the post step (STATE_record). */
export interface RecordState {
  /** `<builder>/<node>/<ref>` */
  ref: string
  image: string
  upload: boolean
  retentionDays?: number
}

export const RECORD_STATE = 'record'

export function parseRecordState(s: string): RecordState | undefined {
  try {
    const v = JSON.parse(s) as RecordState
    return typeof v?.ref === 'string' && parseBuildRef(v.ref) ? v : undefined
  } catch {
    return undefined
  }
}

/** Why the artifact cannot be uploaded from here, or undefined when it can (@actions/artifact's needs). */
export function uploadBlocker(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL)
    return 'no artifact service for this step (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are set only in a workflow run)'
  const host = /^https?:\/\/([^/:]+)/.exec(env.GITHUB_SERVER_URL || 'https://github.com')?.[1] ?? ''
  if (!(host === 'github.com' || host.endsWith('.ghe.com') || host.endsWith('.localhost')))
    return `GitHub Enterprise Server (${host}) has no artifact service that @actions/artifact 2 and later can use`
  return undefined
}

/** The inputs that hand the build a secret (the post step gets the main step's inputs). */
const SECRET_INPUTS = ['secrets', 'secret-envs', 'secret-files']

/**
 * Why the record is not uploaded although it could be: the build was given secrets. A RUN step that
 * prints one leaves it in clear text in the record's logs; the runner masks the log it shows, not an
 * artifact. build-push-action uploads the record anyway; here an explicit DOCKER_BUILD_RECORD_UPLOAD=true
 * opts in. Undefined when nothing holds it back.
 */
export function secretsHoldUpload(env: NodeJS.ProcessEnv): string | undefined {
  const given = SECRET_INPUTS.filter(n => (env[`INPUT_${n.toUpperCase()}`] ?? '').trim() !== '')
  if (given.length === 0 || isTrue(env.DOCKER_BUILD_RECORD_UPLOAD)) return undefined
  return `the build was given ${given.join(', ')}, and a secret a RUN step prints is masked in the log but not in the record; set DOCKER_BUILD_RECORD_UPLOAD=true to upload it anyway`
}

/**
 * How long the post step waits for the record's upload: 5 s for the service's calls (a healthy one
 * answers each in well under a second; @actions/artifact retries a failing one five times over about
 * 25 s, which no record is worth) plus the bytes at 1 MB/s.
 */
export const uploadDeadlineMs = (size: number): number => 5000 + Math.ceil(size / 1000)
