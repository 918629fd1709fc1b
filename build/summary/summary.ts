// After every build, passed or failed: the build-check annotations, the job summary, and the build
// record's hand-off to the post step, as the DOCKER_BUILD_* switches allow. Reporting never fails the
// step: a problem here is a warning.
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, normalize, relative, resolve } from 'node:path'
import type { Runner } from '../../lib/runtime.js'
import type { Markup } from '../../lib/summary-doc.js'
import { buildReport } from '../report.js'
import type { BuildRequest, Built } from '../model.js'
import { checkAnnotations, metadataWarnings, printedWarnings, type Dockerfile } from './checks.js'
import { findLocalRef } from './record.js'
import { metadataRef, RECORD_STATE, type RecordState } from './record-plan.js'
import { buildSummaryMarkdown, summaryInputs } from './summary-plan.js'
import { readSwitches } from './switches.js'

export interface Reporter extends Runner {
  saveState(name: string, value: string): void
}

/** The report of a build, made before its last outcome is known (a leg's hand-off still committing). */
export interface Report {
  /** Appends the summary, with `failure` when the build or its hand-off failed. */
  write(failure: unknown): void
}

/** The check annotations and the build record's state now; the summary rendered as for a build that
 * passed, and rendered again only if `write` is given a failure. */
export function prepareReport(
  log: Reporter,
  request: BuildRequest,
  built: Built,
  digest: string,
  env: NodeJS.ProcessEnv = process.env
): Report {
  const quiet = (f: () => void) => {
    try {
      f()
    } catch (e) {
      log.warning(`build summary: ${(e as Error).message}`)
    }
  }
  let render: ((failure: unknown) => Markup) | undefined
  let passed: Markup | undefined
  quiet(() => {
    const switches = readSwitches(env)
    switches.problems.forEach(p => log.warning(p))
    const { inputs } = request
    const buildkit = inputs.engine !== 'classic'
    const metadata = built.metadata

    if (switches.checksAnnotations && buildkit) {
      const found = metadataWarnings(metadata)
      const warnings = found.length ? found : printedWarnings(built.run.lines)
      const dockerfile = warnings.length ? dockerfileOf(request, env) : undefined
      const annotations = dockerfile ? checkAnnotations(warnings, dockerfile) : []
      if (annotations.length)
        log.info(`build checks: ${annotations.length} warning(s) on ${dockerfile!.path}`)
      for (const a of annotations) log.warning(a.message, { file: a.file, line: a.line ?? 1, title: a.title })
    }

    if (!switches.summary) return log.info('build summary: off (DOCKER_BUILD_SUMMARY is false)')
    // As the peer: a `call: check` (or outline, targets) request builds nothing to summarize.
    if (inputs.call && inputs.call !== 'build')
      return log.info(`build summary: skipped for a call: ${inputs.call} request`)
    const report = buildReport(inputs, built, digest)
    render = (failure: unknown) =>
      buildSummaryMarkdown({
        report,
        tags: inputs.tags,
        leg: inputs.arch && { arch: inputs.arch.bashbrew, platform: inputs.arch.platform },
        error:
          failure === undefined ? undefined : failure instanceof Error ? failure.message : String(failure),
        steps: built.run.vertices,
        mounts: built.mounts,
        inputs: summaryInputs(env)
      })
    passed = render(undefined)

    if (!buildkit) return
    const started = Date.now() - built.run.durationMs - 2000
    const ref = metadataRef(metadata) ?? findLocalRef(request.builder, started, env)
    if (!ref) return log.info('build record: no build reference found (none in the metadata, no local ref)')
    const state: RecordState = {
      ref: `${ref.builder}/${ref.node}/${ref.ref}`,
      image: report.image,
      upload: switches.recordUpload,
      retentionDays: switches.retentionDays
    }
    log.saveState(RECORD_STATE, JSON.stringify(state))
  })
  return {
    write: failure =>
      quiet(() => {
        if (render) log.appendSummary(failure === undefined ? passed! : render(failure))
      })
  }
}

/** The Dockerfile the build read, relative to the workspace, with its text; undefined for a remote
 * context or a file outside the workspace (annotations name files of the repository). */
export function dockerfileOf(request: BuildRequest, env: NodeJS.ProcessEnv): Dockerfile | undefined {
  const i = request.inputs
  if (request.source) {
    const path = normalize(i.file || join(i.git?.subdir || '.', 'Dockerfile'))
    return { path, text: request.source.read(path) }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(i.context) || i.context === '-') return undefined
  const abs = resolve(i.file || join(i.context, 'Dockerfile'))
  const path = relative(resolve(env.GITHUB_WORKSPACE || process.cwd()), abs)
  if (!path || path.startsWith('..') || isAbsolute(path)) return undefined
  return { path, text: existsSync(abs) ? readFileSync(abs, 'utf8') : undefined }
}
