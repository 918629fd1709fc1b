// setup-builder: create or select a buildx builder, pin the Dockerfile frontend, register emulation,
// and hand all of it to the later steps of the job.
import * as core from '@actions/core'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { actionInputs, runAction } from '../lib/action.js'
import { mainPlatforms } from '../lib/buildx.js'
import { UserError } from '../lib/errors.js'
import { docker, buildxVersion, inspectBuilder, engineUsesContainerd, currentContext } from '../lib/docker.js'
import { parseSetupInputs } from './inputs.js'
import { planBuilder, type EngineFacts } from './plan.js'
import { resolveSyntax } from './frontend.js'
import { planEmulation, readEmulationFacts, registerEmulators } from './emulation.js'
import { EXPORTS } from '../lib/exports.js'

runAction(async () => {
  const inputs = parseSetupInputs(actionInputs())

  const emulation = planEmulation(inputs.platforms, readEmulationFacts())
  if (emulation.missing.length) {
    throw new UserError(
      emulation.missing.map(m => `platforms: cannot build for ${m.platform}: ${m.why}`).join('; ')
    )
  }

  // Engine facts, buildx's version and the frontend digest are independent: read them at once.
  const needsFacts = inputs.driver === 'auto' || inputs.driver === 'docker'
  const [facts, version, syntax] = await Promise.all([
    needsFacts
      ? Promise.all([engineUsesContainerd(), currentContext()]).then(
          ([containerdStore, context]): EngineFacts => ({ containerdStore, context })
        )
      : Promise.resolve({ containerdStore: false, context: 'default' }),
    buildxVersion(),
    !inputs.syntax
      ? ''
      : inputs.syntaxResolve
        ? resolveSyntax(inputs.syntax.given, inputs.syntax.ref)
        : inputs.syntax.given
  ])
  if (emulation.register.length) {
    core.info(`Registering QEMU emulation: ${emulation.register.join(', ')}`)
    await registerEmulators(emulation.register)
  }

  const plan = planBuilder(inputs, facts, {
    runId: `${process.env.GITHUB_RUN_ID ?? Date.now()}-${process.env.GITHUB_JOB ?? 'job'}`.replace(
      /[^\w.-]/g,
      '-'
    ),
    tempDir: process.env.RUNNER_TEMP ?? '/tmp'
  })
  for (const [path, content] of Object.entries(plan.files)) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
  }
  if (plan.create) {
    core.info(`Creating builder ${plan.name} (${plan.driver})`)
    if (inputs.cleanup) core.saveState('created-builder', plan.name)
    await docker(...plan.create)
  }
  const builder = await inspectBuilder(plan.inspect)

  core.exportVariable(EXPORTS.builder, builder.name)
  core.exportVariable(EXPORTS.syntax, syntax)
  core.exportVariable(EXPORTS.allowedSyntax, inputs.allowedSyntax.join('\n'))
  core.exportVariable(EXPORTS.entitlements, inputs.entitlements.join(','))
  const platforms = mainPlatforms(builder.nodes).join(',')
  core.setOutput('name', builder.name)
  core.setOutput('driver', builder.driver)
  core.setOutput('platforms', platforms)
  core.setOutput('buildx-version', version)
  core.setOutput('buildkit-version', builder.nodes[0]?.buildkitVersion ?? '')
  core.setOutput('syntax', syntax)
  core.setOutput('entitlements', inputs.entitlements.join(','))
  core.info(`Builder ${builder.name}: driver ${builder.driver}, buildx ${version}, platforms ${platforms}`)
  core.info(syntax ? `Dockerfile frontend pinned: ${syntax}` : 'Dockerfile frontend not pinned')
})
