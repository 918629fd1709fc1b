// The build record: the ref of the build just run (the metadata's, else buildx's local refs), and in the
// post step `buildx history export` and the upload with @actions/artifact, then its line in the summary.
// The post step runs after the job's other steps, so neither the export nor the upload is part of the
// build step's time (as in build-push-action, which exports in its post step too).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildxVersion, dockerBuildx } from '../../lib/buildx.js'
import type { Runner } from '../../lib/runtime.js'
import {
  exportArgs,
  exportSupport,
  parseBuildRef,
  parseRecordState,
  recordFileName,
  secretsHoldUpload,
  uploadBlocker,
  uploadDeadlineMs,
  type BuildRef
} from './record-plan.js'
import { formatSize, recordMarkdown, type RecordOutcome } from './summary-plan.js'

/**
 * A failed build writes no metadata file: its ref is the newest of buildx's local refs
 * (`<config>/buildx/refs/<builder>/<node>/<ref>`) written since the build started, of the builder when
 * known. Builds of a job run one after the other, so the newest is this one.
 */
export function findLocalRef(builder: string, sinceMs: number, env = process.env): BuildRef | undefined {
  const root = join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'buildx', 'refs')
  const list = (dir: string) => {
    try {
      return readdirSync(dir)
    } catch {
      return []
    }
  }
  let best: { ref: BuildRef; mtime: number } | undefined
  for (const b of builder ? [builder] : list(root).filter(n => n !== '__group__'))
    for (const node of list(join(root, b)))
      for (const ref of list(join(root, b, node))) {
        const mtime = statSync(join(root, b, node, ref), { throwIfNoEntry: false })?.mtimeMs ?? 0
        if (mtime >= sinceMs && (!best || mtime > best.mtime))
          best = { ref: { builder: b, node, ref }, mtime }
      }
  return best?.ref
}

/** The post step: the record the main step left in STATE_record exported, uploaded, and linked. */
/** @actions/artifact, loaded only to upload a record (build/lazy.ts). */
export type ArtifactChunk = () => Promise<typeof import('@actions/artifact')>

export async function postRecord(
  log: Runner,
  state: string,
  artifact: ArtifactChunk,
  env = process.env
): Promise<void> {
  const s = parseRecordState(state)
  if (!s) return
  const outcome = await exportAndUpload(log, s.ref, s.upload, s.retentionDays, artifact, env).catch(
    (e): RecordOutcome => ({ kind: 'failed', message: (e as Error).message.split('\n')[0] })
  )
  if (outcome.kind === 'failed') log.warning(`build record: ${outcome.message}`)
  log.appendSummary(recordMarkdown(s.image, outcome, env.GITHUB_RUN_ID ?? ''))
}

async function exportAndUpload(
  log: Runner,
  refText: string,
  upload: boolean,
  retentionDays: number | undefined,
  artifact: ArtifactChunk,
  env: NodeJS.ProcessEnv
): Promise<RecordOutcome> {
  const ref = parseBuildRef(refText)!
  const buildx = await buildxVersion()
  const support = exportSupport(buildx)
  if (!support.export) {
    log.info(`build record: none, buildx ${buildx} has no \`history export\` (buildx >= 0.23)`)
    return { kind: 'unsupported', buildx }
  }
  if (support.waitMs) await new Promise(r => setTimeout(r, support.waitMs))
  const dir = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'build-record-'))
  try {
    const file = recordFileName(env.GITHUB_REPOSITORY ?? '', ref.ref)
    const path = join(dir, file)
    await dockerBuildx(exportArgs(ref, path, support.finalize))
    const size = statSync(path).size
    log.info(`build record ${refText} written to ${file} (${formatSize(size)})`)
    const blocked = upload
      ? (secretsHoldUpload(env) ?? uploadBlocker(env))
      : 'DOCKER_BUILD_RECORD_UPLOAD is false'
    if (blocked) {
      log.info(`build record not uploaded: ${blocked}`)
      return { kind: 'exported', file, size, notUploaded: blocked }
    }
    const { DefaultArtifactClient } = await artifact()
    const uploading = new DefaultArtifactClient().uploadArtifact(file, [path], dir, {
      retentionDays,
      skipArchive: true
    })
    const res = await withDeadline(uploading, uploadDeadlineMs(size))
    if (!res.id) throw new Error('the artifact service returned no artifact id')
    const url = `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${res.id}`
    log.info(`build record uploaded: ${url}`)
    return { kind: 'exported', file, size: res.size ?? size, artifact: { id: res.id, retentionDays } }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The upload, or a failure once `ms` have passed: the client's retries of a failing service (their
 * errors are in the log above) are not waited for. The abandoned upload's timers would keep the post
 * step's process alive until its last retry, so the step ends the process when it is done
 * (`endsProcess`).
 */
async function withDeadline<T>(upload: Promise<T>, ms: number): Promise<T> {
  upload.catch(() => undefined) // its failure after the deadline is no one's to handle
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandoned = true
      reject(
        new Error(
          `the artifact service did not take it within ${Math.round(ms / 1000)} s; not waiting for more retries`
        )
      )
    }, ms)
  })
  try {
    return await Promise.race([upload, deadline])
  } finally {
    clearTimeout(timer)
  }
}

let abandoned = false
/** True once an upload was given up on: its retries still hold the event loop. */
export const endsProcess = (): boolean => abandoned
