// The builder on this engine: the engine facts planning needs, the configuration files and `append`
// read and checked before anything runs, then the builder created (its files written first) or
// selected, and read back (planned in builder-plan.ts).
import { dirname, relative } from 'node:path'
import {
  currentContext,
  dockerBuildx,
  engineUsesContainerd,
  parseInspect,
  type BuilderInfo
} from '../lib/buildx.js'
import { dockerDriverBuilder, engineUsesContainerdStore } from './engine-api.js'
import { CommandError } from '../lib/exec.js'
import { InputError, UserError } from '../lib/errors.js'
import { makeOwnDir, MiB, readCapped, removeOwnDir, writeInto } from '../lib/files.js'
import { randomHex } from '../lib/ids.js'
import { STEP_DIR, type BuilderPlan, type EngineFacts } from './builder-plan.js'
import { configuresBuilder, type SetupInputs } from './inputs.js'
import { parseNodes, type AppendNode } from './nodes.js'

/** What planning needs from the engine: the image store only for an `auto` that could pick the
 * docker driver, the context only for the docker driver's name. */
export async function readEngineFacts(inputs: SetupInputs): Promise<EngineFacts> {
  const auto = inputs.driver === 'auto' && !configuresBuilder(inputs)
  const context = auto || inputs.driver === 'docker' ? currentContext() : 'default'
  const containerdStore = auto
    ? ((await engineUsesContainerdStore(context)) ?? (await engineUsesContainerd()))
    : false
  return { containerdStore, context }
}

/** Something unique to this step run: part of a generated builder name and of the files folder. */
export const uniqueId = (): string => randomHex(4)

/** buildkitd.toml content, parsed before anything runs so a broken one fails here and not in buildx
 * (the parser loads only when there is a config). */
export async function checkToml(text: string, inputName: string, given = text): Promise<void> {
  const { parse } = await import('smol-toml')
  try {
    parse(text)
  } catch (e) {
    const first = (e as Error).message.split('\n')[0]
    throw new InputError(inputName, given, `buildkitd.toml content in TOML (${first})`)
  }
}

/** A buildkitd.toml the user names: read (a regular file of at most 1 MiB) and parsed now, so a
 * missing, huge or broken one fails first. */
async function checkConfigFile(path: string, inputName: string): Promise<void> {
  await checkToml(readCapped(path, inputName, MiB, 'buildkitd.toml file'), inputName, path)
}

/** Every buildkitd.toml of the builder, inline or a file, its nodes' too. */
export async function checkConfigs(inputs: SetupInputs, nodes: AppendNode[]): Promise<void> {
  if (inputs.buildkitdConfigInline) await checkToml(inputs.buildkitdConfigInline, 'buildkitd-config-inline')
  if (inputs.buildkitdConfig) await checkConfigFile(inputs.buildkitdConfig, 'buildkitd-config')
  for (const n of nodes) if (n.buildkitdConfig) await checkConfigFile(n.buildkitdConfig, 'append')
}

/** `append`: its YAML parsed (the parser loads only when there is one). */
export async function readNodes(inputs: SetupInputs): Promise<AppendNode[]> {
  if (!inputs.append) return []
  const { parse } = await import('yaml')
  let doc: unknown
  try {
    doc = parse(inputs.append)
  } catch (e) {
    throw new InputError(
      'append',
      inputs.append,
      `YAML: a list of nodes (${(e as Error).message.split('\n')[0]})`
    )
  }
  return parseNodes(doc, inputs.driver, inputs.append)
}

/** The builder as buildx reports it. One the step only selects (the docker driver, `auto` on a
 * containerd engine) must be the engine's own: a builder of another driver by that name is someone
 * else's, refused as creating one of that name is. */
export async function inspectBuilder(plan: BuilderPlan): Promise<BuilderInfo> {
  // A docker context's own builder is read from its engine when that is plain (engine-api.ts).
  const direct = !plan.create && plan.driver === 'docker' ? await dockerDriverBuilder(plan.name) : undefined
  const info = direct ?? parseInspect(await dockerBuildx(plan.inspect))
  if (!plan.create && info.driver !== 'docker') throw nameTaken(plan.name, info.driver)
  return info
}

const nameTaken = (name: string, driver?: string) =>
  new UserError(
    `name: a builder named ${name}${driver ? ` (driver ${driver})` : ''} exists on this engine already; setup-builder creates its own and removes it when the job ends, so it leaves that one alone: choose another name, or leave name empty for a generated one`
  )

/** buildx's answer when the name is taken: "existing instance for "x" but no append mode". */
const EXISTS = /existing instance for/

/** Writes the plan's files into its own new folder, creates the builder, calls `onCreated` as soon as
 * it exists (so the post step removes it even if a node fails to join), then appends the nodes. When
 * create fails, the folder goes and nothing is handed to the post step. */
export async function createBuilder(plan: BuilderPlan, onCreated: () => void): Promise<void> {
  if (!plan.create) return
  const files = Object.entries(plan.files)
  if (files.length) {
    makeOwnDir(plan.dir) // exclusive: the folder is this step's alone
    for (const [path, content] of files) writeInto(plan.dir, relative(plan.dir, path), content)
  }
  try {
    await dockerBuildx(plan.create)
  } catch (e) {
    if (files.length) removeOwnDir(plan.dir, dirname(plan.dir), STEP_DIR)
    if (e instanceof CommandError && EXISTS.test(e.result.stderr)) {
      throw nameTaken(plan.name)
    }
    throw e
  }
  onCreated()
  for (const args of plan.append) await dockerBuildx(args)
}
