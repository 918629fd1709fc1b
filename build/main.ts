// build: one build (BuildKit or the classic builder), a matrix leg of one arch pushed by digest, or the
// merge of this run's legs into one multi-arch image; its cache, and a report of what the cache saved.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as runner from '../lib/runtime.js'
import { UserError } from '../lib/errors.js'
import { EXPORTS } from '../lib/environment.js'
import { summarize } from './progress.js'
import { parseBuildInputs } from './inputs.js'
import { frontendFacts, preflight } from './frontend/frontend.js'
import { checkLegPlatform } from './matrix/leg-plan.js'
import { buildWithBuildkit } from './engine/buildkit.js'
import { cacheOutputs, reportLine, summaryTable } from './report.js'

runner.runStep(async () => {
  const inputs = parseBuildInputs(runner.actionInputs())
  for (const s of [...inputs.secrets.map(x => x.value), inputs.githubToken]) if (s) runner.setSecret(s)
  const builder = inputs.builder || process.env[EXPORTS.builder] || ''
  // A merge job builds nothing: it joins this run's legs into one multi-arch index.
  if (inputs.merge.length) {
    const { mergeLegs } = await import('./matrix/index.js')
    return mergeLegs(inputs, builder, await import('@actions/cache'), runner)
  }

  // What few builds use is loaded on demand (separate chunks): every other build starts faster.
  const source =
    inputs.git && (await import('./git-context.js').then(m => m.openGitSource(inputs.git!, process.cwd())))
  if (source && source.dirty.length)
    runner.info(
      `context ${inputs.context}: building ${source.commit.slice(0, 12)}; ${source.dirty.length} uncommitted change(s) left out (${source.dirty.slice(0, 5).join('; ')})`
    )
  const frontend = frontendFacts(process.env)
  preflight(source ? { ...inputs, context: inputs.git!.subdir || '.' } : inputs, frontend, {
    read: path =>
      source ? gitShow(source.commit, path) : existsSync(path) ? readFileSync(path, 'utf8') : undefined,
    annotate: f => runner.error(f.message, f)
  })
  const leg = inputs.arch && (await import('./engine/builder-facts.js').then(m => m.readLegFacts(builder)))
  if (leg) checkLegPlatform(inputs.arch!, leg)

  const work = mkdtempSync(join(process.env.RUNNER_TEMP ?? tmpdir(), 'build-'))
  try {
    const step = { inputs, builder, frontend, work, source, leg, log: runner }
    const built =
      inputs.engine === 'classic'
        ? await import('./engine/classic.js').then(m => m.buildClassic(step))
        : await buildWithBuildkit(step)
    const cache = summarize(built.run.steps)
    for (const [name, value] of Object.entries(cacheOutputs(cache))) runner.setOutput(name, value)
    if (built.run.code !== 0)
      throw new UserError(
        `${inputs.engine === 'classic' ? 'docker build' : 'buildx build'} failed (exit ${built.run.code}): ${lastError(built.run.stderr)}`
      )

    // A leg's digest is the one it pushed (by the builder, or from the layout here) and handed off.
    const digest =
      leg && inputs.push
        ? await import('./matrix/index.js').then(async m =>
            m.publishLeg(inputs, built, await import('@actions/cache'), runner)
          )
        : built.digest
    const { durationMs } = built.run
    const report = {
      image: inputs.tags[0] ?? '',
      platforms: inputs.platforms,
      digest,
      durationMs,
      cache,
      read: built.read,
      written: built.written
    }
    runner.info(reportLine(report))
    runner.appendSummary(summaryTable(report))
    runner.setOutput('digest', digest)
    runner.setOutput('imageid', built.imageid)
    runner.setOutput('metadata', JSON.stringify(built.metadata))
    if (inputs.arch) {
      runner.setOutput('platform', inputs.arch.platform)
      runner.setOutput('arch', inputs.arch.bashbrew)
    }
    if (digest) runner.info(`Image digest: ${digest}`)
    await built.finish?.()
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})

/** A file of the archived commit (the policy checks what is built, not the working tree). */
function gitShow(commit: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${commit}:${path}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    })
  } catch {
    return undefined
  }
}

/** The line of buildx's output that says what failed. */
function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n')
  return (
    [...lines]
      .reverse()
      .find(l => /^ERROR:|error:/i.test(l))
      ?.trim() ??
    lines.at(-1) ??
    ''
  )
}
