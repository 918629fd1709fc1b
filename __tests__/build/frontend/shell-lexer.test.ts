import fc from 'fast-check'
import {
  isDigit,
  isNameChar,
  processWord,
  processWords,
  ShellLexError
} from '../../../build/frontend/shell-lexer.js'

describe('processWord (BuildKit Lex.ProcessWord, no variable set, unset ones kept)', () => {
  test.each([
    ['b\\ind', '\\', 'bind'],
    ['\'bi\'"nd"', '\\', 'bind'],
    ['"a\\b\\"c"', '\\', 'a\\b"c'],
    ['b`ind', '`', 'bind'],
    ['b\\ind', '`', 'b\\ind'],
    ['$T/${U}/${V:-x y}/${W/a/b}', '\\', '$T/${U}/${V:-x y}/${W/a/b}'],
    ['a$', '\\', 'a$'],
    ['\ufeffx', '\\', 'x']
  ])('%j with escape %s → %j', (word, escape, out) => {
    expect(processWord(word, { escape })).toBe(out)
  })
  test.each(["'open", '"open', '${', '${}', '${X:#y}', '${X@}'])('%j is refused', word => {
    expect(() => processWord(word, { escape: '\\' })).toThrow(ShellLexError)
  })
})

describe('processWords (raw quotes and escapes, as heredoc detection uses it)', () => {
  const raw = (line: string) => processWords(line, { escape: '\\', rawQuotes: true, rawEscapes: true })
  test('quotes and escapes kept; `<<` keeps the blanks after it', () => {
    expect(raw(`cat << EOF "a b" \\<x`)).toEqual(['cat', '<< EOF', '"a b"', '\\<x'])
  })
  test('a ${…} inside a word drops what the word held before it (a BuildKit quirk kept: no heredoc here)', () => {
    expect(raw('<<${X:-EOF} tail')).toEqual(['${X:-EOF}', 'tail'])
    expect(raw('a<<EOF${X:-y}')).toEqual(['${X:-y}'])
  })
})

test('variable-name characters: the ASCII path reads every character as the Unicode classes do', () => {
  const chars = fc.oneof(
    fc.integer({ min: 0, max: 0x7f }).map(n => String.fromCharCode(n)),
    fc.integer({ min: 0x80, max: 0x10ffff }).map(n => String.fromCodePoint(n)),
    fc.constantFrom('', '\ud83d', '٣', 'é', 'ǅ', '_', '0', '९')
  )
  fc.assert(
    fc.property(chars, ch => {
      expect(isDigit(ch)).toBe(/^\p{Nd}$/u.test(ch))
      expect(isNameChar(ch)).toBe(/^[\p{L}\p{Nd}_]$/u.test(ch))
    }),
    { numRuns: 5000 }
  )
})
