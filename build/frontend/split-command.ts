// An instruction line split as BuildKit's parser splits it (parser/split_command.go): the keyword, the
// leading `--flags`, and the rest. The flag splitter reads the line a byte at a time, so a UTF-8 byte
// 0x85 or 0xA0 inside a character (à is C3 A0) ends a flag as a blank would; that is kept on purpose,
// since BuildKit builds what it splits (`--mount=…à--network=host` carries a --network flag).
import type { Command } from './command.js'
import { fromUtf8Bytes, goToLower, isGoSpace, trimGo, utf8Bytes } from './text.js'

export type Escape = '\\' | '`'

/** `RUN --mount=type=bind,source=. make` → keyword, flags, args. */
export function splitCommand(line: string, escape: Escape = '\\'): Command {
  const t = trimGo(line)
  const sep = /[\t\v\f\r ]+/.exec(t)
  const keyword = dispatchKey(sep ? t.slice(0, sep.index) : t)
  if (!sep) return { keyword, flags: [], args: '' }
  const { rest, words } = extractFlags(t.slice(sep.index + sep[0].length), escape)
  const flags = words.map(w => {
    const eq = w.indexOf('=')
    return eq < 0 ? { name: w.slice(2) } : { name: w.slice(2, eq), value: w.slice(eq + 1) }
  })
  return { keyword, flags, args: trimGo(rest) }
}

// BuildKit dispatches on strings.ToLower(keyword); shown upper-cased (ASCII letters only, so that a
// keyword BuildKit does not know, like `onbuıld`, does not become a known one here).
const dispatchKey = (word: string) => goToLower(word).replace(/[a-z]+/g, s => s.toUpperCase())

// Leading `--words` are flags; quotes are removed and the escape character escapes the next one; at the
// very end it is dropped. A bare `--` ends the flags. Works on UTF-8 bytes like BuildKit's extractBuilderFlags.
function extractFlags(text: string, escape: string): { rest: string; words: string[] } {
  const line = utf8Bytes(text)
  const done = (pos: number, words: string[]) => ({ rest: fromUtf8Bytes(line.slice(pos)), words })
  const words: string[] = []
  let phase: 'spaces' | 'word' | 'quote' = 'spaces'
  let word = ''
  let quote = ''
  let blankOK = false
  for (let pos = 0; pos <= line.length; pos++) {
    let ch = line.charAt(pos)
    if (phase === 'spaces') {
      if (pos === line.length) break
      if (isGoSpace(ch)) continue
      if (ch !== '-' || line.charAt(pos + 1) !== '-') return done(pos, words)
      phase = 'word'
    }
    if (pos === line.length) {
      if (word !== '--' && (blankOK || word !== '')) words.push(word)
      break
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        if (word === '--') return done(pos, words)
        if (blankOK || word !== '') words.push(word)
        phase = 'spaces'
        word = ''
        blankOK = false
        continue
      }
      if (ch === "'" || ch === '"') {
        quote = ch
        blankOK = true
        phase = 'quote'
        continue
      }
    } else if (ch === quote) {
      phase = 'word'
      continue
    }
    if (ch === escape) {
      if (pos + 1 === line.length) {
        phase = 'word'
        continue
      }
      ch = line.charAt(++pos)
    }
    word += ch
  }
  return { rest: '', words }
}
