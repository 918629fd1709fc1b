// setup-builder: create or select a buildx builder, pin the Dockerfile frontend, register emulation,
// and hand all of it to the later steps of the job.
import { dockerBuildx, mainPlatforms, parseBuildxVersion } from '../lib/buildx.js'
import { UserError } from '../lib/errors.js'
import { EXPORTS } from '../lib/environment.js'
import { actionInputs, exportVariable, info, runStep, setOutput } from '../lib/runtime.js'
import { parseSetupInputs } from './inputs.js'
import { planBuilder } from './builder-plan.js'
import { createBuilder, inspectBuilder, readEngineFacts, runId } from './builder.js'
import { pinSyntax } from './frontend.js'
import { planEmulation } from './emulation-plan.js'
import { readEmulationFacts, registerEmulators } from './emulation.js'
import { state } from './state.js'

runStep(async () => {
  const inputs = parseSetupInputs(actionInputs())

  const emulation = planEmulation(inputs.platforms, readEmulationFacts())
  if (emulation.missing.length) {
    throw new UserError(
      emulation.missing.map(m => `platforms: cannot build for ${m.platform}: ${m.why}`).join('; ')
    )
  }

  const plan = readEngineFacts(inputs).then(f =>
    planBuilder(inputs, f, { runId: runId(), tempDir: process.env.RUNNER_TEMP ?? '/tmp' })
  )
  // The reads are independent and run at once: engine facts, buildx's version, the frontend digest
  // and, for an existing builder (docker driver) with no emulator to register, the builder itself.
  // A builder to create waits for them, so an unresolvable frontend fails before it exists.
  const [resolved, version, syntax, existing] = await Promise.all([
    plan,
    dockerBuildx(['buildx', 'version']).then(parseBuildxVersion),
    pinSyntax(inputs),
    plan.then(p => (!p.create && !emulation.register.length ? inspectBuilder(p) : undefined))
  ])
  let builder = existing
  if (!builder) {
    if (emulation.register.length) {
      info(`Registering QEMU emulation: ${emulation.register.join(', ')}`)
      await registerEmulators(emulation.register)
    }
    await createBuilder(resolved, () => {
      info(`Creating builder ${resolved.name} (${resolved.driver})`)
      if (inputs.cleanup) state.createdBuilder = resolved.name
    })
    builder = await inspectBuilder(resolved)
  }

  exportVariable(EXPORTS.builder, builder.name)
  exportVariable(EXPORTS.syntax, syntax)
  exportVariable(EXPORTS.allowedSyntax, inputs.allowedSyntax.join('\n'))
  exportVariable(EXPORTS.entitlements, inputs.entitlements.join(','))
  const platforms = mainPlatforms(builder.nodes).join(',')
  setOutput('name', builder.name)
  setOutput('driver', builder.driver)
  setOutput('platforms', platforms)
  setOutput('buildx-version', version)
  setOutput('buildkit-version', builder.nodes[0]?.buildkitVersion ?? '')
  setOutput('syntax', syntax)
  setOutput('entitlements', inputs.entitlements.join(','))
  info(`Builder ${builder.name}: driver ${builder.driver}, buildx ${version}, platforms ${platforms}`)
  info(syntax ? `Dockerfile frontend pinned: ${syntax}` : 'Dockerfile frontend not pinned')
})
