// Deterministic adversarial mutations of Dockerfiles: a seeded PRNG inserts, deletes and replaces the
// characters the parsers treat specially (escapes, quotes, blanks, newlines, comments, heredoc markers,
// CSV and flag syntax, and bytes Go reads differently), mostly where they matter: at line ends, next to
// `--`, `=`, `,`, `<<` and blanks.

/** mulberry32: a small, fast, seeded generator. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const TOKENS = [
  '\\',
  '\\',
  '`',
  '`',
  ' ',
  '\t',
  '\n',
  '\n',
  '#',
  '"',
  "'",
  '=',
  ',',
  '--',
  '<<',
  '<<-',
  '<< ',
  '<<EOF',
  '\nEOF',
  'EOF\n',
  '\\\n',
  '`\n',
  ' \\\n',
  '$',
  '${',
  '}',
  '[',
  ']',
  '-',
  '\r',
  '\r\n',
  'type=bind',
  'type=',
  ',type=bind',
  '--network=host',
  '--mount=type=bind',
  ' --security=insecure',
  '\n# escape=`\n',
  '# escape=`\n',
  '# syntax=evil/frontend\n',
  'ONBUILD ',
  '\u00e0',
  '\u00a0',
  '\u0085',
  '\u0130',
  '\u212a',
  '\ufeff',
  '\u2028',
  '"bind"',
  "'",
  '""',
  '\\"',
  // escapes and quotes that survive the flag splitter into a mount value or an ADD source
  '\\\\',
  "\\'",
  "\\'x\\'",
  '\\\\\\"',
  'b\\\\ind'
]

// Places where a change is most likely to move a boundary.
const HOTSPOT = /\n|--|=|,|<<|[ \t]|["'`\\]|$/g

type Rand = () => number

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]

function position(r: Rand, text: string): number {
  if (r() < 0.6) {
    const spots = [...text.matchAll(HOTSPOT)].map(m => m.index)
    if (spots.length) return pick(r, spots) + (r() < 0.5 ? 0 : 1)
  }
  return Math.floor(r() * (text.length + 1))
}

const clamp = (text: string, i: number) => Math.min(Math.max(i, 0), text.length)

function mutateOnce(r: Rand, text: string): string {
  const op = r()
  const at = clamp(text, position(r, text))
  if (op < 0.5) return text.slice(0, at) + pick(r, TOKENS) + text.slice(at)
  if (op < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 2))
  if (op < 0.85) return text.slice(0, at) + pick(r, TOKENS) + text.slice(at + 1)
  // Move a whole line elsewhere, or duplicate it.
  const lines = text.split('\n')
  const from = Math.floor(r() * lines.length)
  const [line] = op < 0.93 ? lines.splice(from, 1) : [lines[from]]
  lines.splice(Math.floor(r() * (lines.length + 1)), 0, line)
  return lines.join('\n')
}

/** `count` mutants of the corpus, each 1 to 4 mutations of one file; the same seed gives the same list. */
export function mutants(corpus: readonly string[], count: number, seed: number): string[] {
  const r = prng(seed)
  const out: string[] = []
  for (let n = 0; n < count; n++) {
    let text = pick(r, corpus)
    const times = 1 + Math.floor(r() * 4)
    for (let k = 0; k < times; k++) text = mutateOnce(r, text)
    out.push(text)
  }
  return out
}
