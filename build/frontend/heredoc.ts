// Heredocs as BuildKit's parser finds them: on RUN, COPY and ADD (also under ONBUILD) in shell form,
// every shell word shaped like `[n]<<[-]WORD` starts one, read until its terminator by the parser.

export interface Heredoc {
  delimiter: string
  /** first line of the body (1-based) */
  line: number
  /** the terminator line */
  endLine: number
  /** `<<-EOF`: leading tabs stripped */
  chomp: boolean
  /** false when the delimiter was quoted (`<<"EOF"`): no variable expansion in the body */
  expand: boolean
}

/** What of an instruction tells whether it can hold a heredoc (dockerfile.ts's Instruction). */
interface Keyword {
  keyword: string
  args: string
  onbuild?: { keyword: string; args: string }
}

const HEREDOC_KEYWORDS = new Set(['ADD', 'COPY', 'RUN'])

export function canContainHeredoc(ins: Keyword): boolean {
  const cmd = ins.keyword === 'ONBUILD' ? ins.onbuild : ins
  return !!cmd && HEREDOC_KEYWORDS.has(cmd.keyword) && !isJsonArray(cmd.args)
}

/** The exec form (`["sh", "-c", "…"]`): a JSON array of strings. */
export function isJsonArray(args: string): boolean {
  if (!args.startsWith('[')) return false
  try {
    const v: unknown = JSON.parse(args)
    return Array.isArray(v) && v.every(x => typeof x === 'string')
  } catch {
    return false
  }
}

type HeredocHead = Omit<Heredoc, 'line' | 'endLine'>

// Every shell word of the joined line shaped like `[n]<<[-]WORD` starts a heredoc, in order.
export function heredocsFromLine(line: string): HeredocHead[] {
  const out: HeredocHead[] = []
  for (const word of shellWords(line, true) ?? []) {
    const m = /^(\d*)<<(-?)([^<]*)$/.exec(word)
    if (!m || m[3] === '') continue
    const plain = shellWords(m[3], false)
    const raw = shellWords(m[3], true)
    if (!plain || !raw || plain.length !== 1) continue
    const quotes = (s: string) => (s.match(/['"]/g) ?? []).length
    out.push({ delimiter: plain[0], chomp: m[2] === '-', expand: quotes(plain[0]) === quotes(raw[0]) })
  }
  return out
}

/**
 * Shell-style words (BuildKit's shell lexer without variable expansion): whitespace separates words outside
 * quotes; `'…'` is literal; in `"…"` a backslash escapes only `"`, `$` and `\`; `${…}` is kept whole.
 * raw keeps quotes and backslashes in the words. undefined for an unterminated quote, like BuildKit's
 * error, which makes it find no heredocs on that line.
 */
function shellWords(s: string, raw: boolean): string[] | undefined {
  const words: string[] = []
  let w: string | undefined
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (/\s/.test(c)) {
      if (w !== undefined) words.push(w)
      w = undefined
      continue
    }
    w ??= ''
    if (c === "'") {
      const end = s.indexOf("'", i + 1)
      if (end < 0) return undefined
      w += raw ? s.slice(i, end + 1) : s.slice(i + 1, end)
      i = end
    } else if (c === '"') {
      let inner = ''
      let j = i + 1
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && '"$\\'.includes(s.charAt(j + 1))) {
          if (raw) inner += '\\'
          j++
        }
        inner += s[j]
      }
      if (j >= s.length) return undefined
      w += raw ? `"${inner}"` : inner
      i = j
    } else if (c === '\\') {
      if (i + 1 < s.length) w += raw ? c + s[++i] : s[++i]
    } else if (c === '$' && s[i + 1] === '{') {
      const end = s.indexOf('}', i)
      const stop = end < 0 ? s.length : end + 1
      w += s.slice(i, stop)
      i = stop - 1
    } else {
      w += c
    }
  }
  if (w !== undefined) words.push(w)
  return words
}
