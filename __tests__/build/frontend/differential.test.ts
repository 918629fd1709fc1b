// The Dockerfile parser held against BuildKit's own (v0.34.2, test-support/dockerfile-oracle) on real
// Dockerfiles and thousands of deterministic mutations of them: wherever both accept a file, every
// instruction must come out the same (keyword, lines, flags, heredocs, exec form, RUN mounts, network and
// security, FROM platform, ADD sources, ONBUILD triggers), and so must the escape character and `# syntax=`.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDockerfile, type Command, type ParsedDockerfile } from '../../../build/frontend/dockerfile.js'
import { isJsonArray } from '../../../build/frontend/heredoc.js'
import { parseMount } from '../../../build/frontend/mount.js'
import { addSources } from '../../../build/frontend/policy.js'
import type { Escape } from '../../../build/frontend/split-command.js'
import { mutants } from '../../../test-support/dockerfile-oracle/mutate.js'
import {
  oracleBinary,
  runOracle,
  type OracleCommand,
  type OracleResult
} from '../../../test-support/dockerfile-oracle/oracle.js'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'dockerfiles')
const corpus = readdirSync(FIXTURES)
  .filter(f => f.endsWith('.Dockerfile'))
  .sort()
  .map(f => readFileSync(join(FIXTURES, f), 'utf8'))
const MUTANTS = 3000

type Shape = Omit<OracleCommand, 'error'>

const flagWords = (c: Command) =>
  c.flags.map(f => (f.value === undefined ? `--${f.name}` : `--${f.name}=${f.value}`))
const lastFlag = (c: Command, name: string) => c.flags.filter(f => f.name === name).pop()?.value

/** Our command in the oracle's shape; `checked` adds what BuildKit's instructions package derives. */
function shape(c: Command, escape: Escape, checked: boolean): Shape {
  const s: Shape = { keyword: c.keyword, flags: flagWords(c), json: isJsonArray(c.args), heredocs: [] }
  if (!checked) return s
  if (c.keyword === 'RUN') {
    s.mounts = c.flags
      .filter(f => f.name === 'mount')
      .map(f => {
        const r = parseMount(f.value ?? '', escape)
        return 'mount' in r ? r.mount : { error: r.error }
      }) as Shape['mounts']
    s.network = lastFlag(c, 'network') ?? 'default'
    s.security = lastFlag(c, 'security') ?? 'sandbox'
  }
  if (c.keyword === 'FROM') s.platform = lastFlag(c, 'platform') ?? ''
  if (c.keyword === 'ADD') s.sources = addSources(c.args, escape)
  return s
}

// The oracle's command with only what ours exposes: the exec form matters only where heredocs can be.
function theirs(c: OracleCommand, checked: boolean, withContent: boolean): Shape {
  const s: Shape = {
    keyword: c.keyword,
    flags: c.flags,
    json: c.json,
    heredocs: c.heredocs.map(h => (withContent ? h : { ...h, content: '' }))
  }
  if (!checked) return s
  // The oracle leaves empty lists out.
  if (c.keyword === 'RUN')
    Object.assign(s, { mounts: c.mounts ?? [], network: c.network, security: c.security })
  if (c.keyword === 'FROM') s.platform = c.platform
  if (c.keyword === 'ADD') s.sources = c.sources ?? []
  return s
}

const withJsonWhereItMatters = (s: Shape) =>
  ['RUN', 'COPY', 'ADD'].includes(s.keyword) ? s : { ...s, json: false }

function compare(text: string, bk: OracleResult, ours: ParsedDockerfile): string[] {
  const out: string[] = []
  const diff = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${what}:\n  buildkit ${JSON.stringify(a)}\n  ours     ${JSON.stringify(b)}`)
  }
  diff('escape', bk.escape, ours.escape)
  // BuildKit places a JSON document's syntax on line 0 (no line); ours annotates line 1 then.
  const syntax = bk.syntax && { ...bk.syntax, line: Math.max(bk.syntax.line, 1) }
  diff(
    'syntax',
    syntax,
    ours.syntax && { ref: ours.syntax.ref, value: ours.syntax.value, line: ours.syntax.line }
  )
  diff(
    'instructions',
    bk.instructions.map(i => [i.keyword, i.line, i.endLine]),
    ours.instructions.map(i => [i.keyword, i.line, i.endLine])
  )
  if (out.length) return out
  const raw = text.replace(/^\uFEFF/, '').split(/(?<=\n)/)
  bk.instructions.forEach((b, n) => {
    const o = ours.instructions[n]
    const checked = b.error === undefined
    const mine = shape(o, ours.escape, checked)
    mine.heredocs = o.heredocs.map(h => ({
      name: h.delimiter,
      chomp: h.chomp,
      expand: h.expand,
      content: raw.slice(h.line - 1, h.endLine - 1).join('')
    }))
    diff(`line ${b.line}`, withJsonWhereItMatters(theirs(b, checked, true)), withJsonWhereItMatters(mine))
    if (b.onbuild) {
      if (!o.onbuild) {
        out.push(`line ${b.line}: BuildKit reads an ONBUILD trigger, ours none`)
        return
      }
      const ok = b.onbuild.error === undefined
      const trigger = shape(o.onbuild, '\\', ok)
      trigger.heredocs = o.onbuild.heredocs.map(h => ({
        name: h.delimiter,
        chomp: h.chomp,
        expand: h.expand,
        content: ''
      }))
      diff(
        `line ${b.line} ONBUILD trigger`,
        withJsonWhereItMatters(theirs(b.onbuild, ok, false)),
        withJsonWhereItMatters(trigger)
      )
    }
  })
  return out
}

// From empty Go caches the oracle takes about two minutes to build (once; then it is in .build/).
beforeAll(() => void oracleBinary(), 600_000)

test(`ours agrees with BuildKit's parser on ${corpus.length} Dockerfiles and ${MUTANTS} mutations`, () => {
  expect(corpus.length).toBeGreaterThanOrEqual(15)
  const texts = [...corpus, ...mutants(corpus, MUTANTS, 20261204)]
  const results = runOracle(texts)
  const stats = { bothAccept: 0, buildkitRefuses: 0, oursRefuses: 0 }
  const disagreements: string[] = []
  texts.forEach((text, n) => {
    const bk = results[n]
    let ours: ParsedDockerfile
    try {
      ours = parseDockerfile(text)
    } catch (e) {
      if (bk.error) stats.buildkitRefuses++
      else {
        stats.oursRefuses++
        disagreements.push(
          `#${n} ours refuses (${(e as Error).message}), BuildKit accepts\n${JSON.stringify(text)}`
        )
      }
      return
    }
    if (bk.error) {
      stats.buildkitRefuses++
      return
    }
    stats.bothAccept++
    const d = compare(text, bk, ours)
    if (d.length) disagreements.push(`#${n}\n${JSON.stringify(text)}\n${d.join('\n')}`)
  })
  // Most mutants must still parse, or the comparison would say little.
  expect(stats.bothAccept).toBeGreaterThan(texts.length * 0.6)
  expect({ count: disagreements.length, first: disagreements.slice(0, 3) }).toEqual({ count: 0, first: [] })
})
