// A drop-in leg's builder (no facts from setup-builder): its driver, which decides how the leg pushes,
// read from buildx's own store ($DOCKER_CONFIG/buildx: `current` and `instances/<name>`), as buildx
// resolves a builder. Reading two small files costs well under a millisecond where `buildx inspect`
// (or `buildx ls --format json`) costs a process of about 100 ms before the build can start (npm run
// bench). What only the running builder knows, the platforms it can run, is read after a failed build
// (checkStoredLeg): a leg whose platform has no emulator still fails with how to fix it.
import { join } from 'node:path'
import { contextDir, currentContext, DEFAULT_DOCKER_HOST, dockerConfigDir } from '../../lib/buildx.js'
import type { Arch } from '../../lib/arch.js'
import { checkLegPlatform } from './leg-plan.js'
import type { LegFacts } from '../model.js'
import { readOrUndefined } from '../../lib/files.js'
import { sha256Hex } from '../../lib/ids.js'

type Read = (path: string) => string | undefined

function parse(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const v = text === undefined ? undefined : JSON.parse(text)
    return v && typeof v === 'object' ? v : undefined
  } catch {
    return undefined
  }
}

/** A builder buildx made: its driver from `instances/<name>` (buildx stores names in lower case). */
function storedDriver(store: string, name: string, read: Read): string | undefined {
  const group = parse(read(join(store, 'instances', name.toLowerCase())))
  return typeof group?.Driver === 'string' && group.Driver ? group.Driver : undefined
}

/** The builder buildx uses when none is named ('' for the context's own), as its store's Current reads
 * it: `current` when it is global or for this context's key, else the context's default from
 * `defaults/<hash of the key>`; a name whose builder is gone means the context's own. */
function currentBuilder(store: string, key: string, read: Read): string {
  const current = parse(read(join(store, 'current')))
  const name = typeof current?.Name === 'string' ? current.Name : ''
  if (name && current?.Global === true && storedDriver(store, name, read)) return name
  if (name && current?.Key === key) return storedDriver(store, name, read) ? name : ''
  const hash = sha256Hex(key).slice(0, 20)
  const byDefault = read(join(store, 'defaults', hash))?.trim() ?? ''
  return byDefault && storedDriver(store, byDefault, read) ? byDefault : ''
}

/**
 * The builder's name and driver as buildx would pick it: the name given (the input, then BUILDX_BUILDER),
 * else the current builder of this context, else the context's own (docker driver). Undefined when the
 * store does not say: the caller inspects the builder then.
 */
export function storedLegFacts(
  builder: string,
  env: NodeJS.ProcessEnv,
  read: Read = readOrUndefined
): LegFacts | undefined {
  const config = dockerConfigDir(env)
  const store = join(config, 'buildx')
  const context = currentContext(env, p => read(p) ?? '')
  // buildx keys its store by the context, or by the engine's endpoint for the default context.
  const key = context === 'default' ? env.DOCKER_HOST || DEFAULT_DOCKER_HOST : context
  const name = builder || env.BUILDX_BUILDER || currentBuilder(store, key, read)
  if (!name) return { builder: context, driver: 'docker', platforms: [], unread: true }
  const driver = storedDriver(store, name, read)
  if (driver) return { builder: name, driver, platforms: [], unread: true }
  // Not a builder buildx made: a docker context's own builder, by the context's name.
  const meta = join(contextDir(env, 'meta', name), 'meta.json')
  if (name === 'default' || name === context || read(meta) !== undefined)
    return { builder: name, driver: 'docker', platforms: [], unread: true }
  return undefined
}

/** After a failed build of a leg whose builder was not read before it: a platform the builder cannot run
 * (no emulator) fails in one line saying how to fix it, instead of BuildKit's error. */
export async function checkStoredLeg(arch: Arch, facts: LegFacts): Promise<void> {
  if (!facts.unread) return
  const { readLegFacts } = await import('../engine/builder-facts.js')
  const read = await readLegFacts(facts.builder).catch(() => undefined)
  if (read) checkLegPlatform(arch, read)
}
