// Multi-node builders: setup-buildx-action's `append` YAML (a list of nodes: name, endpoint,
// driver-opts, buildkitd-flags, platforms; buildkitd-config besides), each node checked as the inputs
// are, then added with `buildx create --append`. Pure: the YAML is parsed by the caller.
import { InputError } from '../lib/errors.js'
import { splitPlatform } from '../lib/arch.js'
import type { Entitlement } from '../lib/environment.js'
import type { BuilderNode } from '../lib/buildx.js'
import { BUILDER_NAME, checkEndpoint, type Driver } from './inputs.js'
import { nodeFlags, parseBuildkitdFlags, parseDriverOpts, type DriverOptLine } from './options.js'

export interface AppendNode {
  name: string
  endpoint: string
  driverOpts: DriverOptLine[]
  buildkitdFlags: string
  platforms: string[]
  /** A buildkitd.toml path (read and checked by the caller before anything runs). */
  buildkitdConfig: string
  /** Entitlements its buildkitd-flags grant. */
  granted: Entitlement[]
}

const KEYS = ['name', 'endpoint', 'driver-opts', 'buildkitd-flags', 'platforms', 'buildkitd-config']

/** A list of strings or one string of lines (YAML lets users write either). */
function lines(v: unknown, what: string, raw: string): string {
  if (typeof v === 'string') return v
  if (Array.isArray(v) && v.every(x => typeof x === 'string' || typeof x === 'number')) return v.join('\n')
  throw new InputError('append', raw, `${what} as a string or a list of strings`)
}

/** The nodes of `append`, from its parsed YAML. */
export function parseNodes(doc: unknown, driver: Driver, raw: string): AppendNode[] {
  if (doc === null || doc === undefined) return []
  if (!Array.isArray(doc))
    throw new InputError('append', raw, 'a YAML list of nodes (- name: …, endpoint: …)')
  const nodes = doc.map((node, i) => parseNode(node, i, driver, raw))
  // buildx appends to a node of the same name, mixing both nodes' options: each name once.
  nodes.forEach((n, i) => {
    const first = nodes.findIndex(m => m.name === n.name)
    if (n.name && first < i)
      throw new InputError(
        'append',
        raw,
        `each node name once ('${n.name}' names nodes ${first + 1} and ${i + 1})`
      )
  })
  return nodes
}

function parseNode(node: unknown, i: number, driver: Driver, raw: string): AppendNode {
  const at = `node ${i + 1}`
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw new InputError('append', raw, `${at}: a mapping of ${KEYS.join(', ')}`)
  }
  const n = node as Record<string, unknown>
  for (const k of Object.keys(n)) {
    if (!KEYS.includes(k))
      throw new InputError('append', raw, `${at}: the keys ${KEYS.join(', ')} (not '${k}')`)
  }
  const scalar = (k: string) => {
    const v = n[k]
    if (v === undefined || v === null) return ''
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new InputError('append', raw, `${at}: ${k} as a string`)
    const s = String(v).trim()
    if (/[\r\n]/.test(s)) throw new InputError('append', raw, `${at}: ${k} on one line`)
    return s
  }
  const name = scalar('name')
  if (name && !BUILDER_NAME.test(name)) {
    throw new InputError(
      'append',
      raw,
      `${at}: a node name of a letter, then letters, digits, ".", "_" and "-" (not '${name}')`
    )
  }
  const platforms = lines(n.platforms ?? '', `${at}: platforms`, raw)
    .split(/[,\n]/)
    .map(p => p.trim())
    .filter(Boolean)
  for (const p of platforms) {
    if (!splitPlatform(p))
      throw new InputError('append', raw, `${at}: platforms such as linux/arm64 (not '${p}')`)
  }
  const flags = parseBuildkitdFlags(
    lines(n['buildkitd-flags'] ?? '', `${at}: buildkitd-flags`, raw),
    'append'
  )
  return {
    name,
    endpoint: checkEndpoint(driver, scalar('endpoint'), 'append'),
    driverOpts: parseDriverOpts(lines(n['driver-opts'] ?? '', `${at}: driver-opts`, raw), 'append'),
    buildkitdFlags: flags.flags,
    platforms,
    buildkitdConfig: scalar('buildkitd-config'),
    granted: flags.entitlements
  }
}

/** `buildx create --append` for one node, in setup-buildx-action's order. */
export function appendArgs(
  builder: string,
  node: AppendNode,
  opts: { runsBuildkitd: boolean; entitlements: readonly Entitlement[]; extraOpts: string[] }
): string[] {
  const args = ['buildx', 'create', '--name', builder, '--append']
  if (node.name) args.push('--node', node.name)
  for (const o of node.driverOpts) args.push('--driver-opt', o.line)
  for (const o of opts.extraOpts) args.push('--driver-opt', o)
  const flags = opts.runsBuildkitd ? nodeFlags(node.buildkitdFlags, opts.entitlements) : node.buildkitdFlags
  if (flags) args.push('--buildkitd-flags', flags)
  if (node.platforms.length) args.push('--platform', node.platforms.join(','))
  if (node.buildkitdConfig) args.push('--buildkitd-config', node.buildkitdConfig)
  if (node.endpoint) args.push(node.endpoint)
  return args
}

/**
 * A node as setup-buildx-action's `nodes` output lists it (its keys, in its order). Not listed:
 * `features`, which buildx prints only with --debug (the peer has them in debug runs only), nor the
 * labels, GC policy, devices and files the peer parses besides.
 */
export const nodeOutput = (n: BuilderNode) => ({
  name: n.name,
  endpoint: n.endpoint,
  ...(n.driverOpts.length ? { 'driver-opts': n.driverOpts } : {}),
  status: n.status,
  ...(n.flags ? { 'buildkitd-flags': n.flags } : {}),
  ...(n.buildkitVersion ? { buildkit: n.buildkitVersion } : {}),
  platforms: n.platforms.join(',')
})
