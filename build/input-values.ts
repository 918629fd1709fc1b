// Values buildx would otherwise be the first to judge, judged before anything runs: each bad one fails
// in one line naming its input (README: Bad input). Pure, but for `exists` (paths given as files).
import { existsSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { InputError } from '../lib/errors.js'
import { ACCEPTED_PLATFORMS, knownPlatform } from './platforms.js'
import type { BuildInputs } from './inputs.js'

export type Exists = (path: string) => boolean

/** A path buildx would read as a flag: anything starting with `-` but `-` itself (stdin). */
export function checkContext(context: string): void {
  if (context.startsWith('-') && context !== '-')
    throw new InputError('context', context, 'a path, a URL, - (stdin), git or git:<subdir>; not a flag')
}

/** A Dockerfile stage name, as BuildKit accepts it. */
export function checkTarget(target: string): void {
  if (target && !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(target))
    throw new InputError('target', target, 'a stage name (a letter, then letters, digits, _ . -)')
}

/** The networking modes buildx passes to BuildKit (`default` is the builder's own). */
export function checkNetwork(network: string): void {
  if (network && !['default', 'none', 'host'].includes(network))
    throw new InputError('network', network, 'default | none | host')
}

/** An `--output` as buildx reads it: CSV key=value pairs, or a lone path (`type=local,dest=<path>`;
 * `-` is a tar on stdout). Keys and values trimmed, as the peer's exporter check reads them. */
export function outputAttrs(output: string): Record<string, string> {
  const [cells = []] = parse(output, {
    delimiter: ',',
    trim: true,
    columns: false,
    relax_column_count: true,
    relax_quotes: true
  }) as string[][]
  if (cells.length === 1 && !cells[0].includes('=')) {
    return cells[0] === '-' ? { type: 'tar', dest: '-' } : { type: 'local', dest: cells[0] }
  }
  const attrs: Record<string, string> = {}
  for (const cell of cells) {
    const eq = cell.indexOf('=')
    attrs[(eq < 0 ? cell : cell.slice(0, eq)).trim()] = eq < 0 ? '' : cell.slice(eq + 1).trim()
  }
  return attrs
}

/** The exporter types among `outputs`, `load` counting as docker (as the peer's hasDockerExporter). */
export const exporterTypes = (outputs: string[]): string[] => outputs.map(o => outputAttrs(o).type ?? '')

const EXPORTERS = ['registry', 'image', 'local', 'tar', 'oci', 'docker', 'cacheonly']
const NEEDS_DEST = ['local', 'tar', 'oci']

/** Every output names a known exporter; local, tar and oci write to a `dest`, never to the log (`-`). */
export function checkOutputs(outputs: string[]): void {
  for (const o of outputs) {
    const a = outputAttrs(o)
    if (!a.type || !EXPORTERS.includes(a.type))
      throw new InputError('outputs', o, `type=${EXPORTERS.join('|')}[,key=value…] lines, or a directory`)
    if (a.dest === '-')
      throw new InputError(
        'outputs',
        o,
        'a dest file or directory (dest=- would write the image into the log)'
      )
    if (NEEDS_DEST.includes(a.type) && !a.dest)
      throw new InputError(
        'outputs',
        o,
        `type=${a.type} with dest=<path> (without it buildx writes to the log)`
      )
  }
}

const ANNOTATION_TYPE = '(?:manifest|index|manifest-descriptor|index-descriptor)(?:\\[[^\\]\\s]+\\])?'
const ANNOTATION = new RegExp(`^(?:${ANNOTATION_TYPE}(?:,${ANNOTATION_TYPE})*:)?[^\\s=:,]+=`)

/** `[type[,type…][platform]:]key=value`, as buildx parses --annotation. */
export function checkAnnotations(annotations: string[], input = 'annotations'): void {
  for (const a of annotations)
    if (!ANNOTATION.test(a))
      throw new InputError(
        input,
        a,
        'key=value lines, optionally prefixed with manifest: | index: | manifest-descriptor[…]: | index-descriptor:'
      )
}

/** Go's strconv.ParseBool spellings, which buildx's attestation attributes take. */
export const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/

/** `provenance` and `sbom`: a boolean, or key=value attributes (provenance's mode is min or max). */
export function checkAttestInput(input: 'provenance' | 'sbom', value: string): void {
  if (!value || GO_BOOL.test(value)) return
  const accepted =
    input === 'provenance'
      ? 'true | false | mode=min|max[,builder-id=…][,inline-only=true]…'
      : 'true | false | generator=<image>[,key=value…]'
  for (const cell of value.split(',')) {
    const m = /^([a-z][a-z0-9-]*)=(\S+)$/.exec(cell.trim())
    if (!GO_BOOL.test(cell.trim()) && !m) throw new InputError(input, value, accepted)
    if (input === 'provenance' && m?.[1] === 'mode' && !['min', 'max'].includes(m[2]))
      throw new InputError(input, value, accepted)
  }
}

/** Every platform one buildx knows the OS and architecture of (no typo is built as a new platform). */
export function checkPlatforms(platforms: string[]): void {
  for (const p of platforms) if (!knownPlatform(p)) throw new InputError('platforms', p, ACCEPTED_PLATFORMS)
}

/** `ssh`: `default` or `<id>` (the agent at SSH_AUTH_SOCK), or `<id>=<socket or key file>`, which must
 * exist. */
export function checkSsh(ssh: string[], exists: Exists = existsSync): void {
  for (const s of ssh) {
    const m = /^([A-Za-z0-9_.-]+)(?:=(.+))?$/.exec(s)
    if (!m) throw new InputError('ssh', s, 'default, <id>, or <id>=<agent socket or key file>')
    if (m[2] !== undefined && !exists(m[2]))
      throw new InputError('ssh', s, `an agent socket or key file that exists (${m[2]} does not)`)
  }
}

/** `secret-files`: each file exists (buildx would fail on it after the step started the build). */
export function checkSecretFiles(files: BuildInputs['secretFiles'], exists: Exists = existsSync): void {
  for (const f of files)
    if (!exists(f.path))
      throw new InputError(
        'secret-files',
        `${f.id}=${f.path}`,
        `id=path of a file that exists (${f.path} does not)`
      )
}

/**
 * A merge creates an index from the legs' images and builds nothing: inputs that shape a build (or its
 * cache, or its attestations) cannot apply to it, and are refused rather than ignored.
 */
export function checkMergeInputs(i: BuildInputs): void {
  const list = (v: string[]) => (v.length ? v.join(',') : undefined)
  const flag = (v: boolean) => (v ? 'true' : undefined)
  const text = (v: string) => v || undefined
  const given: [string, string | undefined][] = [
    ['context', i.context !== '.' ? i.context : undefined],
    ['file', text(i.file)],
    ['target', text(i.target)],
    ['build-args', list(i.buildArgs)],
    ['build-contexts', list(i.buildContexts)],
    ['labels', list(i.labels)],
    ['platforms', list(i.platforms)],
    ['load', flag(i.load)],
    ['outputs', list(i.outputs)],
    ['secrets', i.secrets.length ? '<hidden>' : undefined],
    ['secret-files', list(i.secretFiles.map(s => `${s.id}=${s.path}`))],
    ['secret-envs', list(i.secretEnvs.map(s => `${s.id}=${s.env}`))],
    ['ssh', list(i.ssh)],
    ['provenance', text(i.provenance)],
    ['sbom', text(i.sbom)],
    ['attests', list(i.attests)],
    ['no-cache', flag(i.noCache)],
    ['no-cache-filters', list(i.noCacheFilters)],
    ['pull', flag(i.pull)],
    ['network', text(i.network)],
    ['allow', list(i.allow)],
    ['add-hosts', list(i.addHosts)],
    ['shm-size', text(i.shmSize)],
    ['ulimit', list(i.ulimit)],
    ['call', text(i.call)],
    ['cgroup-parent', text(i.cgroupParent)],
    ['cache', i.cache !== 'none' ? i.cache : undefined],
    ['cache-from', i.cacheFrom.length ? String(i.cacheFrom.length) + ' entries' : undefined],
    ['cache-to', i.cacheTo.length ? String(i.cacheTo.length) + ' entries' : undefined],
    ['cache-mounts', list(i.cacheMounts.map(m => m.name))],
    ['policy', i.policy.size ? [...i.policy].join(',') : undefined]
  ]
  const set = given.find(([, v]) => v !== undefined)
  if (set)
    throw new InputError(
      set[0],
      set[1]!,
      'nothing with merge (the merge builds nothing: give it to the matrix legs, which build)'
    )
}
