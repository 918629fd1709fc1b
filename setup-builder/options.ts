// How buildx reads what setup-builder passes on: each `--driver-opt` as one CSV record (Go's
// encoding/csv, so `"env.no_proxy=a,b"` is one option), and `--buildkitd-flags` as shell words. Pure.
import { InputError } from '../lib/errors.js'
import { ENTITLEMENTS, type Entitlement } from '../lib/environment.js'

/** One `driver-opts` line: passed to buildx as written (as setup-buildx-action does), and the
 * key=value options buildx will read from it. */
export interface DriverOptLine {
  line: string
  opts: [key: string, value: string][]
}

/** The fields of one CSV record as Go's encoding/csv reads it: a field that starts with `"` is quoted
 * (`""` is a quote inside it); a `"` anywhere else is an error. */
export function csvFields(line: string): string[] {
  const fields: string[] = []
  let i = 0
  for (;;) {
    if (line[i] === '"') {
      let value = ''
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q < 0) throw new Error('extraneous or missing " in quoted-field')
        value += line.slice(i, q)
        i = q + 1
        if (line[i] !== '"') break
        value += '"'
        i++
      }
      fields.push(value)
      if (i === line.length) return fields
      if (line[i] !== ',') throw new Error('extraneous or missing " in quoted-field')
      i++
    } else {
      const comma = line.indexOf(',', i)
      const value = comma < 0 ? line.slice(i) : line.slice(i, comma)
      if (value.includes('"')) throw new Error('bare " in non-quoted-field')
      fields.push(value)
      if (comma < 0) return fields
      i = comma + 1
    }
  }
}

/** One field written so that encoding/csv reads it back as it is (quoted when it must be). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

const OPT_KEY = /^[A-Za-z][\w.-]*$/

/** `driver-opts`, one option line per line as setup-buildx-action reads it (newlines only, quotes
 * kept for buildx), each checked the way buildx will read it. */
export function parseDriverOpts(raw: string, inputName = 'driver-opts'): DriverOptLine[] {
  const out: DriverOptLine[] = []
  for (const line of raw.split(/\r?\n/).map(l => l.trim())) {
    if (line === '') continue
    let fields: string[]
    try {
      fields = csvFields(line)
    } catch (e) {
      throw new InputError(
        inputName,
        line,
        `key=value options, a value with commas quoted whole as "key=a,b" (${(e as Error).message})`
      )
    }
    const opts = fields.map((field): [string, string] => {
      const eq = field.indexOf('=')
      const key = field.slice(0, eq)
      if (eq < 1 || !OPT_KEY.test(key)) {
        throw new InputError(
          inputName,
          line,
          `key=value options such as network=host or "env.no_proxy=localhost,127.0.0.1" ('${field}' is not one)`
        )
      }
      return [key, field.slice(eq + 1)]
    })
    out.push({ line, opts })
  }
  return out
}

/** The value buildx ends up with for `key` (the last one given wins, as in buildx's map). */
export function driverOpt(lines: readonly DriverOptLine[], key: string): string | undefined {
  let value: string | undefined
  for (const l of lines) for (const [k, v] of l.opts) if (k === key) value = v
  return value
}

/** Shell words as buildx splits `--buildkitd-flags` (quotes and backslashes, no expansion). */
export function shellWords(s: string): string[] {
  const words: string[] = []
  let word: string | undefined
  let quote: string | undefined
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (quote === "'") {
      if (c === "'") quote = undefined
      else word += c
    } else if (quote === '"') {
      if (c === '"') quote = undefined
      else if (c === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\')) word += s[++i]
      else word += c
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else {
      word ??= ''
      if (c === "'" || c === '"') quote = c
      else if (c === '\\' && i + 1 < s.length) word += s[++i]
      else word += c
    }
  }
  if (quote) throw new Error(`unclosed ${quote}`)
  if (word !== undefined) words.push(word)
  return words
}

const ENTITLEMENT_FLAG = '--allow-insecure-entitlement'

/** `buildkitd-flags` (one line: newlines are spaces to the shell), and the insecure entitlements
 * it grants, which are exported like those of allow-insecure-entitlements. */
export function parseBuildkitdFlags(
  raw: string,
  inputName = 'buildkitd-flags'
): { flags: string; entitlements: Entitlement[] } {
  const flags = raw.trim().replace(/\s*[\r\n]+\s*/g, ' ')
  let words: string[]
  try {
    words = shellWords(flags)
  } catch (e) {
    throw new InputError(inputName, flags, `buildkitd flags as shell words (${(e as Error).message})`)
  }
  const entitlements: Entitlement[] = []
  words.forEach((w, i) => {
    const value =
      w === ENTITLEMENT_FLAG
        ? words[i + 1]
        : w.startsWith(`${ENTITLEMENT_FLAG}=`)
          ? w.slice(ENTITLEMENT_FLAG.length + 1)
          : undefined
    if (value === undefined) return
    if (!(ENTITLEMENTS as readonly string[]).includes(value)) {
      throw new InputError(inputName, flags, `${ENTITLEMENT_FLAG} ${ENTITLEMENTS.join(' | ')}`)
    }
    if (!entitlements.includes(value as Entitlement)) entitlements.push(value as Entitlement)
  })
  return { flags, entitlements }
}

/** The flags a node's buildkitd starts with: the user's, then the granted entitlements they lack. */
export function nodeFlags(userFlags: string, granted: readonly Entitlement[]): string {
  const have = parseBuildkitdFlags(userFlags).entitlements
  const extra = granted.filter(e => !have.includes(e)).map(e => `${ENTITLEMENT_FLAG}=${e}`)
  return [userFlags, ...extra].filter(Boolean).join(' ')
}
