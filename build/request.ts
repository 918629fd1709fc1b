// One build request, resolved once before anything is built: the committed tree of a git context, the
// frontend setup-builder pinned (checked by the preflight), a matrix leg's builder, and from them the
// inputs as the engine gets them. Everything after this reads the request, never re-derives it.
import { makeTempDir, readDockerfile } from '../lib/files.js'
import { tmpdir } from 'node:os'
import type { Runner } from '../lib/runtime.js'
import { frontendFacts, planFrontend, preflight, type DockerfileFacts } from './frontend/frontend.js'
import { resolveSyntax, SYNTAX_PER_DOCKERFILE } from '../lib/frontend.js'
import { parseImageRef } from '../lib/image-ref.js'
import { load } from './lazy.js'
import { checkLegPlatform, exportedLegFacts } from './matrix/leg-plan.js'
import { EXPORTS } from '../lib/environment.js'
import type { BuildInputs, BuildRequest, FrontendFacts } from './model.js'
import { engineInputs } from './request-plan.js'
import { storedLegFacts } from './matrix/builder-store.js'
import { newLegMark, runFacts } from './matrix/leg-mark.js'

/** Reads what the request needs (loading the git and leg modules only when asked for), runs the
 * preflight, and makes the step's scratch directory. */
export async function openRequest(inputs: BuildInputs, builder: string, log: Runner): Promise<BuildRequest> {
  const source = inputs.git && (await (await load.gitSource()).openGitSource(inputs.git, process.cwd()))
  if (source && source.dirty.length)
    log.info(
      `context ${inputs.context}: building ${source.commit.slice(0, 12)}; ${source.dirty.length} uncommitted change(s) left out (${source.dirty.slice(0, 5).join('; ')})`
    )
  const frontend = frontendFacts(process.env)
  const dockerfile = await preflight(
    source ? { ...inputs, context: inputs.git!.subdir || '.' } : inputs,
    frontend,
    {
      // The policy checks what is built: the archived commit's Dockerfile, not the working tree's.
      read: path => (source ? source.read(path) : readDockerfile(path)),
      annotate: f => log.error(f.message, f),
      policy: load.policy
    }
  )
  const pinned = inputs.engine === 'classic' ? frontend.pinned : await pinFrontend(frontend, dockerfile, log)
  const leg =
    inputs.arch &&
    (exportedLegFacts(process.env[EXPORTS.builderFacts], builder, inputs.arch) ??
      storedLegFacts(builder, process.env) ??
      (await (await load.builderFacts()).readLegFacts(builder)))
  if (leg) checkLegPlatform(inputs.arch!, leg)
  const work = makeTempDir(process.env.RUNNER_TEMP ?? tmpdir(), 'build-')
  const run = leg && inputs.push ? runFacts(process.env) : undefined
  const legMark = run && newLegMark(run)
  const engine = engineInputs(inputs, {
    source,
    leg: leg || undefined,
    mark: legMark,
    pinned,
    serverUrl: process.env.GITHUB_SERVER_URL,
    work
  })
  return {
    inputs,
    builder,
    frontend,
    work,
    source: source || undefined,
    leg: leg || undefined,
    legMark,
    log,
    ...engine
  }
}

/** The frontend this build pins (BUILDKIT_SYNTAX): the job's pin, with a warning at the Dockerfile's own
 * `# syntax=` line when that names another frontend; with setup-builder `syntax: dockerfile`, the
 * Dockerfile's own frontend (or the default one) resolved to its digest. */
async function pinFrontend(facts: FrontendFacts, df: DockerfileFacts, log: Runner): Promise<string> {
  const plan = planFrontend(facts, df)
  if (plan.warning) log.warning(plan.warning.message, plan.warning)
  if (!plan.resolve) {
    if (facts.pinned === SYNTAX_PER_DOCKERFILE)
      log.info(
        'syntax: dockerfile: the Dockerfile of this context is not read here; its own # syntax= line is used as it is'
      )
    return plan.pinned
  }
  const pinned = await resolveSyntax(
    plan.resolve,
    parseImageRef(plan.resolve, 'syntax'),
    "give the Dockerfile's # syntax= a digest (<ref>@sha256:…), or set setup-builder syntax: none"
  )
  log.info(`Dockerfile frontend: ${pinned} (${df.syntax ? `the # syntax= of ${df.path}` : 'the default'})`)
  return pinned
}
