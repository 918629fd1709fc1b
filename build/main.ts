// build: one build (BuildKit or the classic builder), a matrix leg of one arch pushed by digest, or the
// merge of this run's legs into one multi-arch image; its cache, and a report of what the cache saved.
// The post step (action.yml `post:`, this bundle again) exports and uploads the build record.
import { rmSync } from 'node:fs'
import * as runner from '../lib/runtime.js'
import { requireLinuxRunner } from '../lib/runner-os.js'
import { UserError } from '../lib/errors.js'
import { signalCommands } from '../lib/exec.js'
import { EXPORTS } from '../lib/environment.js'
import { parseBuildInputs } from './inputs/read.js'
import { openRequest } from './request.js'
import { legPublisher, load } from './lazy.js'
import { buildWithBuildkit } from './engine/buildkit.js'
import { buildFailure } from './engine/refused.js'
import { summarize } from './progress.js'
import { cacheOutputs, writeReport } from './report.js'
import type { Built } from './model.js'
import type { Report } from './summary/index.js'

const POST = 'isPost'

runner.runStep(async () => {
  requireLinuxRunner('build')
  if (runner.getState(POST)) return (await load.summary()).postStep(runner, load.artifact)
  runner.saveState(POST, 'true')
  const inputs = parseBuildInputs(runner.actionInputs())
  for (const s of [...inputs.secrets.map(x => x.value), inputs.githubToken]) if (s) runner.setSecret(s)
  const builder = inputs.builder || process.env[EXPORTS.builder] || ''
  // A merge job builds nothing: it joins this run's legs into one multi-arch index.
  if (inputs.merge.length) return (await load.matrix()).mergeLegs(inputs, builder, runner, load.summary)

  const request = await openRequest(inputs, builder, runner)
  // Of two legs of one arch in a run attempt, one hands off: each claims its arch while buildx builds.
  const leg = request.leg && inputs.push ? legPublisher(inputs, request.legMark) : undefined
  // Once buildx runs (loading code before would delay it): the leg's claim and the summary's chunk; its
  // record is uploaded once buildx has exported the index, and committed as soon as buildx has ended.
  const started = () => {
    leg?.start()
    load.summary().catch(() => undefined) // loaded again, and its error met, after the build
  }
  // The scratch directory holds the secret files: a cancelled job must not leave them behind, nor a
  // build running on (buildx only hears of the cancellation from us).
  const removeWork = () => rmSync(request.work, { recursive: true, force: true })
  const cancelled = runner.onCancel(signal => {
    signalCommands(signal)
    removeWork()
  })
  let built: Built | undefined
  let digest = ''
  let failure: unknown
  let report: Report | undefined
  try {
    built =
      inputs.engine === 'classic'
        ? await (await load.classic()).buildClassic(request)
        : await buildWithBuildkit(request, load, { started, exported: leg?.exported, pushed: leg?.pushed })
    const cache = summarize(built.run.vertices)
    for (const [name, value] of Object.entries(cacheOutputs(cache))) runner.setOutput(name, value)
    if (built.run.code !== 0) {
      // A drop-in leg's builder is read only now: a platform it cannot run is said as such.
      if (request.leg?.unread) await (await load.matrix()).checkStoredLeg(inputs.arch!, request.leg)
      throw new UserError(buildFailure(inputs.engine === 'classic', built.run))
    }
    // A leg's digest is the one it pushed (by the builder, or from the layout here); its hand-off, a
    // round trip to the cache service, commits while the outputs and the report are written.
    const published = leg ? await leg.publish(built, runner) : { digest: built.digest, handedOff: undefined }
    digest = published.digest
    writeReport(runner, inputs, built, digest)
    await built.finish?.()
    // One turn of the event loop first: the commit's request leaves before the summary's few ms of CPU.
    if (published.handedOff) await new Promise(resolve => setImmediate(resolve))
    report = (await load.summary()).prepareReport(runner, request, built, digest)
    await published.handedOff
  } catch (e) {
    failure = e
    throw e
  } finally {
    // The summary, the check annotations and the record's hand-off, on success and on failure alike.
    if (built) (report ?? (await load.summary()).prepareReport(runner, request, built, digest)).write(failure)
    cancelled()
    removeWork()
  }
})
