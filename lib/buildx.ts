// buildx and the docker CLI: the one place that decides how buildx is invoked (the plugin binary, when
// there is one, rather than `docker buildx`), the facts read from them, and the parsing of what buildx
// prints about itself and its builders.
//
// Why the plugin binary: for every plugin command the docker CLI starts the plugin once to read its
// metadata, then again for the command, which is about half of a bare `docker buildx inspect`
// (bench/setup-builder.mjs). The binary is looked up where the docker CLI looks.
import { accessSync, constants, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CommandError, output, type Command } from './exec.js'
import { sha256Hex } from './ids.js'

const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins'
]

/** The docker CLI's search order: config.json's cliPluginsExtraDirs, <config dir>/cli-plugins, then the system's. */
export function pluginDirs(env: NodeJS.ProcessEnv = process.env, read = readFileSync): string[] {
  const config = env.DOCKER_CONFIG || join(homedir(), '.docker')
  let extra: string[] = []
  try {
    const dirs = JSON.parse(read(join(config, 'config.json'), 'utf8')).cliPluginsExtraDirs
    if (Array.isArray(dirs)) extra = dirs.filter((d): d is string => typeof d === 'string')
  } catch {
    // no config.json, or not JSON: the CLI then uses the defaults too
  }
  return [...extra, join(config, 'cli-plugins'), ...SYSTEM_PLUGIN_DIRS]
}

function findPlugin(dirs: string[]): string | undefined {
  for (const dir of dirs) {
    const file = join(dir, 'docker-buildx')
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {
      // not there: the next directory
    }
  }
  return undefined
}

let plugin: string | null | undefined
/** The buildx plugin binary the docker CLI would run, when there is one (looked up once). */
export function buildxPlugin(): string | undefined {
  if (plugin === undefined) plugin = findPlugin(pluginDirs()) ?? null
  return plugin ?? undefined
}

/** The command that runs a `buildx …` argv: the plugin binary when there is one, else `docker buildx …`. */
export function buildxCommand(argv: string[], extra: Omit<Command, 'cmd' | 'args'> = {}): Command {
  if (argv[0] !== 'buildx') throw new Error(`not a buildx command: ${argv.join(' ')}`)
  const plugin = buildxPlugin()
  return plugin ? { ...extra, cmd: plugin, args: argv.slice(1) } : { ...extra, cmd: 'docker', args: argv }
}

/** Runs a `buildx …` argv and returns its stdout; a failure names the command as `docker buildx …`. */
export async function dockerBuildx(argv: string[]): Promise<string> {
  try {
    return await output(buildxCommand(argv))
  } catch (e) {
    throw e instanceof CommandError ? new CommandError({ cmd: 'docker', args: argv }, e.result) : e
  }
}

// ---------- facts ----------

/** `docker <args>` (the CLI itself, for commands that are not buildx's). */
export const docker = (...args: string[]) => output({ cmd: 'docker', args })

export async function buildxVersion(): Promise<string> {
  return parseBuildxVersion(await dockerBuildx(['buildx', 'version']))
}

export async function inspectBuilder(argv: string[]): Promise<BuilderInfo> {
  return parseInspect(await dockerBuildx(argv))
}

/** Whether the engine keeps images in containerd (its builder can then export cache and multi-platform images). */
export async function engineUsesContainerd(): Promise<boolean> {
  const status = await docker('info', '--format', '{{json .DriverStatus}}')
  return status.includes('io.containerd.snapshotter')
}

/** The docker CLI's configuration directory. */
export const dockerConfigDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.DOCKER_CONFIG || join(homedir(), '.docker')

/** The engine the CLI talks to when neither DOCKER_HOST nor a context names one. */
export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock'

/** A docker context's folder in the CLI's store: `meta` (its endpoints, meta.json) or `tls` (its keys),
 * named by the SHA-256 of the context's name. */
export const contextDir = (env: NodeJS.ProcessEnv, kind: 'meta' | 'tls', name: string): string =>
  join(dockerConfigDir(env), 'contexts', kind, sha256Hex(name))

/** A builder buildx made, in its store (buildx keeps names in lower case). */
export const buildxInstanceFile = (env: NodeJS.ProcessEnv, name: string): string =>
  join(dockerConfigDir(env), 'buildx', 'instances', name.toLowerCase())

/**
 * The docker context in use, as the CLI resolves it (`docker context show`, without the process: the
 * CLI costs a setup-builder step tens of ms): DOCKER_HOST overrides contexts, so it means `default`;
 * then DOCKER_CONTEXT, then config.json's currentContext.
 */
export function currentContext(
  env: NodeJS.ProcessEnv = process.env,
  read: (path: string) => string = p => readFileSync(p, 'utf8')
): string {
  if (env.DOCKER_HOST) return 'default'
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT
  try {
    const config = JSON.parse(read(join(dockerConfigDir(env), 'config.json')))
    return typeof config?.currentContext === 'string' && config.currentContext
      ? config.currentContext
      : 'default'
  } catch {
    return 'default' // no config (or none the CLI could read either): the CLI's default
  }
}

// ---------- parsing ----------
/** `github.com/docker/buildx v0.29.1 a1b2c3` or Debian's `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3`. */
export function parseBuildxVersion(out: string): string {
  const m = /buildx\s+v?(\d+\.\d+\.\d+)/.exec(out)
  if (!m) throw new Error(`cannot read the buildx version from: ${out.trim().slice(0, 200)}`)
  return m[1]
}

export interface BuilderNode {
  name: string
  endpoint: string
  status: string
  /** BuildKit's version as reported; '' when the engine was built without one (v0.0.0+unknown). */
  buildkitVersion: string
  /** Platforms as reported, without the `*` buildx marks the ones set with --platform. */
  platforms: string[]
  /** BuildKit daemon flags the node started with ('' when none or not reported). */
  flags: string
  /** Driver options as buildx lists them, each `key=value` (unquoted). */
  driverOpts: string[]
  labels: Record<string, string>
}

export interface BuilderInfo {
  name: string
  driver: string
  nodes: BuilderNode[]
}

/** `docker buildx inspect` text output (stable since 0.10; there is no JSON form in 0.13). */
export function parseInspect(out: string): BuilderInfo {
  const info: BuilderInfo = { name: '', driver: '', nodes: [] }
  let node: BuilderNode | undefined
  let inLabels = false
  for (const raw of out.split('\n')) {
    const line = raw.replace(/\s+$/, '')
    if (inLabels && /^\s+\S/.test(line) && node) {
      const m = /^\s+([^:]+):\s*(.*)$/.exec(line)
      if (m) node.labels[m[1].trim()] = m[2].trim()
      continue
    }
    inLabels = false
    const m = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line)
    if (!m) continue
    const [, key, value] = m
    if (key === 'Name' && node === undefined && info.name === '') info.name = value
    else if (key === 'Driver' && node === undefined) info.driver = value
    else if (key === 'Name') {
      node = {
        name: value,
        endpoint: '',
        status: '',
        buildkitVersion: '',
        platforms: [],
        flags: '',
        driverOpts: [],
        labels: {}
      }
      info.nodes.push(node)
    } else if (node) {
      if (key === 'Endpoint') node.endpoint = value
      else if (key === 'Status') node.status = value
      else if (key === 'BuildKit version' || key === 'Buildkit') node.buildkitVersion = cleanVersion(value)
      else if (key === 'BuildKit daemon flags' || key === 'Flags') node.flags = value
      else if (key === 'Driver Options') node.driverOpts = parseDriverOptions(value)
      else if (key === 'Platforms')
        node.platforms = value
          .split(',')
          .map(p => p.trim().replace(/\*$/, ''))
          .filter(Boolean)
      else if (key === 'Labels') inLabels = true
    }
  }
  if (!info.name || !info.driver)
    throw new Error(`cannot read builder details from: ${out.trim().slice(0, 200)}`)
  return info
}

/** `key="value" key2="v 2"` (Go's %q quoting, as buildx prints them) to `key=value` entries. */
function parseDriverOptions(value: string): string[] {
  return [...value.matchAll(/([^\s=]+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => {
    try {
      return `${k}=${JSON.parse(`"${v}"`) as string}`
    } catch {
      return `${k}=${v}` // a Go escape JSON does not share (\x..): kept as printed
    }
  })
}

/** The first x[.y[.z]] in a version string, as x.y.z (semver.coerce's reading, without loading semver
 * into every step's start-up); '' for v0.0.0+unknown (engines built without a version). */
export function cleanVersion(v: string): string {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v)
  const s = m ? `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}` : ''
  return s === '0.0.0' ? '' : s
}

/** Platforms a builder reports, without the amd64 micro-architecture levels (v2..v4) buildx lists. */
export function mainPlatforms(nodes: BuilderNode[]): string[] {
  const all = nodes.flatMap(n => n.platforms).filter(p => !/^linux\/amd64\/v[234]$/.test(p))
  return [...new Set(all)]
}
