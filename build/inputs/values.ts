// Each input's value on its own, judged before anything runs where buildx would otherwise be the first
// to judge it: a bad one fails in one line naming its input (README: Bad input). Pure, but for `exists`
// (paths given as files). The checks of inputs against each other are combinations.ts's.
import { existsSync } from 'node:fs'
import { InputError } from '../../lib/errors.js'
import { ENTITLEMENTS } from '../../lib/environment.js'
import { imageRepository, refProblem, splitImageRef } from '../../lib/image-ref.js'
import { GO_BOOL, outputAttrs } from '../buildx-values.js'
import type { BuildInputs, GitContext } from '../model.js'
import { ACCEPTED_PLATFORMS, knownPlatform } from '../platforms.js'

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

/** Each value as buildx would take it, judged here so that a bad one fails before anything runs. */
export function checkValues(parsed: BuildInputs, exists: Exists = existsSync): void {
  checkContext(parsed.context)
  checkTags(parsed.tags)
  checkTarget(parsed.target)
  checkNetwork(parsed.network)
  checkPlatforms(parsed.platforms)
  checkOutputs(parsed.outputs)
  checkAnnotations(parsed.annotations)
  checkAttestInput('provenance', parsed.provenance)
  checkAttestInput('sbom', parsed.sbom)
  checkSsh(parsed.ssh, exists)
  checkSecretFiles(parsed.secretFiles, exists)
  for (const a of parsed.buildArgs)
    if (!/^[^=\s]+=/.test(a) && !/^[A-Za-z_]\w*$/.test(a)) {
      throw new InputError(
        'build-args',
        a,
        'NAME=value lines (or a bare NAME to pass it from the environment)'
      )
    }
  for (const l of parsed.labels)
    if (!/^[^=\s]+=/.test(l)) throw new InputError('labels', l, 'name=value lines')
  for (const c of parsed.buildContexts)
    if (!/^[^=\s]+=.+/.test(c)) {
      throw new InputError('build-contexts', c, 'name=path|docker-image://ref|target:stage lines')
    }
  for (const e of parsed.allow)
    if (!(ENTITLEMENTS as readonly string[]).includes(e))
      throw new InputError('allow', e, ENTITLEMENTS.join(' | '))
  for (const h of parsed.addHosts)
    if (!/^[^:=\s]+[:=].+$/.test(h)) throw new InputError('add-hosts', h, 'host:ip entries')
  if (parsed.shmSize && !/^\d+(\.\d+)?[bkmg]?$/i.test(parsed.shmSize)) {
    throw new InputError('shm-size', parsed.shmSize, 'a size such as 64m or 2g')
  }
  for (const u of parsed.ulimit)
    if (!/^[a-z]+=-?\d+(:-?\d+)?$/.test(u)) {
      throw new InputError('ulimit', u, 'type=soft[:hard] lines, such as nofile=1024:1024')
    }
  for (const a of parsed.attests)
    if (!/^type=[a-z]+(,|$)/.test(a))
      throw new InputError('attests', a, 'type=provenance|sbom[,key=value…] lines')
  if (parsed.call && !/^(build|check|outline|targets)(,[a-z]+=[^,]*)*$/.test(parsed.call))
    throw new InputError('call', parsed.call, 'build | check | outline | targets (optionally ,format=json)')
  checkCacheRef(parsed.cacheRef)
  checkCacheScope(parsed.cacheScope)
}

/** Each tag an image reference as docker reads it (lib/image-ref.ts), with a tag and no digest. */
export function checkTags(tags: string[]): void {
  for (const t of tags) {
    const ref = splitImageRef(t)
    const why =
      refProblem(ref, t) ?? (ref.digest !== undefined ? 'a digest where a tag is expected' : undefined)
    if (why) throw new InputError('tags', t, `image references such as ghcr.io/acme/app:1.2 (${why})`)
  }
}

/** `cache-ref`: an image repository, or repository:tag (which modes take it is combinations.ts's). */
export function checkCacheRef(cacheRef: string): void {
  if (!cacheRef) return
  const repo = imageRepository(cacheRef)
  if (!/^[^\s,"=]+$/.test(cacheRef) || repo !== repo.toLowerCase())
    throw new InputError(
      'cache-ref',
      cacheRef,
      'an image repository or repository:tag, such as ghcr.io/acme/app:cache'
    )
}

/** `cache-scope` becomes part of a cache key and, for local, of a directory: no way out of either. */
export function checkCacheScope(scope: string): void {
  const segments = scope.split('/')
  if (scope && (!/^[^\s,"\\]+$/.test(scope) || segments.some(s => s === '' || s === '.' || s === '..')))
    throw new InputError(
      'cache-scope',
      scope,
      'a scope name: no spaces, commas, quotes or backslashes; /-separated names, none of them . or ..'
    )
}

/** `context: git` / `git:<subdir>` with `git-ref`: which commit and directory to archive. */
export function parseGitContext(context: string, gitRef: string): GitContext | undefined {
  if (context !== 'git' && !context.startsWith('git:')) return undefined
  const subdir = context === 'git' ? '' : context.slice(4).replace(/^\/+|\/+$/g, '')
  if (subdir.split('/').includes('..'))
    throw new InputError('context', context, 'git or git:<subdirectory inside the repository>')
  if (gitRef && !/^[\w./@^~-]+$/.test(gitRef))
    throw new InputError('git-ref', gitRef, 'a commit, branch or tag name')
  return { ref: gitRef || 'HEAD', subdir }
}
