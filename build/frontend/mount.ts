// A RUN --mount value read as BuildKit reads it at build time (instructions/commands_runmount.go): CSV
// fields, keys case-insensitive, each value through the shell lexer with the Dockerfile's escape
// character (quotes and escapes removed; variables kept as written, since none is known here).
import { processWord } from './shell-lexer.js'
import type { Escape } from './split-command.js'
import { goToLower } from './text.js'

export interface Mount {
  /** lower-case; `bind` when not given; may hold a variable (`$T`) */
  type: string
  from: string
  source: string
  target: string
  id: string
  sharing: string
}

const TYPES = new Set(['bind', 'cache', 'tmpfs', 'secret', 'ssh'])
const SHARING = new Set(['shared', 'private', 'locked'])
const FLAGS = new Set(['readonly', 'ro', 'readwrite', 'rw', 'required'])
const OTHER_KEYS = new Set([...FLAGS, 'size', 'mode', 'uid', 'gid', 'env'])

/** The mount, or the reason BuildKit refuses it. */
export function parseMount(
  value: string,
  escape: Escape
): { mount: Mount; typed: boolean } | { error: string } {
  const fields = csvFields(value)
  if (typeof fields === 'string') return { error: `failed to parse csv mounts: ${fields}` }
  const m: Mount = { type: 'bind', from: '', source: '', target: '', id: '', sharing: '' }
  let typed = false
  for (const field of fields) {
    const eq = field.indexOf('=')
    const key = goToLower(eq < 0 ? field : field.slice(0, eq))
    if (eq < 0) {
      if (FLAGS.has(key)) continue
      return { error: `invalid field '${field}' must be a key=value pair` }
    }
    const written = field.slice(eq + 1)
    // Checked before expansion: a variable only at the very end.
    if (key === 'from' && written.indexOf('$') >= 0 && written.indexOf('$') !== written.length - 1)
      return { error: `'from' doesn't support variable expansion, define alias stage instead` }
    let v: string
    try {
      v = processWord(written, { escape })
    } catch (e) {
      return { error: (e as Error).message }
    }
    if (key === 'type') {
      m.type = goToLower(v)
      typed = true
      if (!TYPES.has(m.type) && !m.type.includes('$')) return { error: `unsupported mount type "${v}"` }
    } else if (key === 'from') m.from = v
    else if (key === 'source' || key === 'src') m.source = v
    else if (key === 'target' || key === 'dst' || key === 'destination') m.target = v
    else if (key === 'id') m.id = v
    else if (key === 'sharing') {
      m.sharing = goToLower(v)
      if (!SHARING.has(m.sharing) && !m.sharing.includes('$'))
        return { error: `unsupported sharing value "${v}"` }
    } else if (!OTHER_KEYS.has(key)) return { error: `unexpected key '${key}' in '${field}'` }
  }
  return { mount: m, typed }
}

/** One CSV record as github.com/tonistiigi/go-csvvalue reads it (strict quotes); a string is an error. */
export function csvFields(value: string): string[] | string {
  let line = value.replace(/\r?\n$/, '')
  if (line === '') return 'EOF'
  const out: string[] = []
  for (;;) {
    if (!line.startsWith('"')) {
      const comma = line.indexOf(',')
      const field = comma < 0 ? line : line.slice(0, comma)
      if (field.includes('"')) return 'bare " in non-quoted-field'
      out.push(field)
      if (comma < 0) return out
      line = line.slice(comma + 1)
      continue
    }
    // A quoted field: `""` is a quote; the closing quote is followed by a comma or the end.
    let field = ''
    let i = 1
    for (;;) {
      const q = line.indexOf('"', i)
      if (q < 0) return 'extraneous or missing " in quoted-field'
      field += line.slice(i, q)
      if (line[q + 1] === '"') {
        field += '"'
        i = q + 2
      } else if (line[q + 1] === ',') {
        out.push(field)
        line = line.slice(q + 2)
        break
      } else if (q + 1 === line.length) {
        out.push(field)
        return out
      } else return 'extraneous or missing " in quoted-field'
    }
  }
}
