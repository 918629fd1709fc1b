// The build with the classic builder (`engine: classic`): DOCKER_BUILDKIT=0 docker build, then the
// tags pushed with docker push, or, for a leg, the image saved as an OCI layout to push by digest.
import { readFileSync } from 'node:fs'
import { makeDirIn } from '../../lib/files.js'
import { join } from 'node:path'
import { samePlatform } from '../../lib/arch.js'
import { UserError } from '../../lib/errors.js'
import { commandEnv, output, run as exec } from '../../lib/exec.js'
import { classicSteps, planClassic } from './classic-plan.js'
import { displayCommand } from './buildkit-plan.js'
import { runBuild } from './run-build.js'
import { checkCommandSize } from './arg-limit.js'
import type { BuildRequest, Built } from '../model.js'
import { imageRepository } from '../../lib/image-ref.js'
import type { BuildRun } from '../model.js'

export async function buildClassic(s: BuildRequest): Promise<Built> {
  const { inputs, log } = s
  if (s.frontend.pinned)
    log.info(
      `engine classic: the pinned frontend ${s.frontend.pinned} does not apply (the classic builder has its own parser)`
    )
  const iidFile = join(s.work, 'iid')
  const plan = planClassic(s.build, inputs.platforms[0] ?? '', iidFile)
  // The classic builder reads cache only from images in the engine.
  for (const ref of plan.pull) {
    const r = await exec({ cmd: 'docker', args: ['pull', '--quiet', ref] })
    if (r.code !== 0)
      log.info(`cache-from ${ref}: not pulled (${r.stderr.trim().split('\n').at(-1)}); building without it`)
  }
  log.info(`DOCKER_BUILDKIT=0 docker ${displayCommand(plan.args)}`)
  checkCommandSize(['docker', ...plan.args], commandEnv(plan.env))
  const built = await runBuild({ args: plan.args, env: plan.env, stdin: s.source?.archive() }, inputs.log)
  const run: BuildRun = { ...built, vertices: classicSteps(built.lines) }
  const result: Built = { run, metadata: {}, digest: '', imageid: '', read: [], written: [] }
  if (run.code !== 0) return result
  result.imageid = readFileSync(iidFile, 'utf8').trim()
  if (inputs.platforms[0]) await checkPlatform(result.imageid, inputs.platforms[0])
  result.metadata = { 'containerimage.config.digest': result.imageid }
  if (s.leg && inputs.push) {
    // `docker save` writes an OCI layout (Docker 25 and later): pushed by digest, untagged, by main.
    result.layout = makeDirIn(s.work, 'oci')
    await output({ cmd: 'docker', args: ['save', '--output', join(s.work, 'image.tar'), result.imageid] })
    await output({ cmd: 'tar', args: ['-x', '-f', join(s.work, 'image.tar'), '-C', result.layout] })
  } else {
    for (const tag of plan.push) {
      log.info(`docker push ${tag}`)
      await output({ cmd: 'docker', args: ['push', '--quiet', tag] })
    }
    if (plan.push.length) result.digest = await repoDigest(result.imageid, plan.push[0])
  }
  return result
}

/** The classic builder can hand back an image of another platform than asked for (it matches its
 * step cache without the platform, and cannot emulate on every engine): never push one. */
async function checkPlatform(imageid: string, wanted: string): Promise<void> {
  const got = (
    await output({
      cmd: 'docker',
      args: ['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}/{{.Variant}}', imageid]
    })
  )
    .trim()
    .replace(/\/+$/, '')
  if (!samePlatform(got, wanted))
    throw new UserError(
      `engine classic: asked for ${wanted}, the classic builder produced ${got}; build this arch with engine: buildkit, or on a ${wanted} runner`
    )
}

/** The digest the registry gave the pushed image (docker keeps it as repo@digest). */
async function repoDigest(imageid: string, tag: string): Promise<string> {
  const digests = JSON.parse(
    await output({ cmd: 'docker', args: ['image', 'inspect', '--format', '{{json .RepoDigests}}', imageid] })
  ) as string[] | null
  const repo = imageRepository(tag)
  return digests?.find(d => d.startsWith(`${repo}@`))?.split('@')[1] ?? ''
}
