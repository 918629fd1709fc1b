// The summary door: whatever text goes in, the Markdown that comes out shows it as text (GFM as marked
// reads it): no link, image, HTML, code or emphasis, no extra table cell; secret inputs by id only.
import fc from 'fast-check'
import { code, doc, escapeText, gfm, mermaidLabel, shownInput, table } from '../../lib/summary-doc.js'
import { hostile, hostileMegabyte, inlineMarkup, render, tokens } from '../helpers/hostile.js'

/** The text a reader sees (numeric references decoded, tags dropped). */
const seen = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim()

test('text reads as it was given, one line, nothing in it markup', () => {
  const text =
    'a [l](https://x.example) ![i](https://x.example/p.png) <b>c</b> `d` **e** $f$ www.x.example g@x.example'
  const out = String(gfm`${text}`)
  expect(inlineMarkup(out)).toEqual([])
  expect(seen(render(out))).toBe(text)
})

test.each(['# h', '> q', '- l', '+ l', '1. l', '2) l', '---', '===', '    code'])(
  'a value at the start of a line (%j) stays a paragraph',
  text => {
    const [first] = tokens(String(gfm`${text}`))
    expect(first.type).toBe('paragraph')
  }
)

test('markup the suite writes stays markup; interpolated Markup is kept', () => {
  const out = String(gfm`**${code('a|b')}** ${gfm`_${'x*'}_`}`)
  expect(out).toBe('**<code>a&#124;b</code>** _x&#42;_')
})

test('a table keeps its cells whatever a cell holds', () => {
  const t = String(table(['a', 'b'], [['x | y\nz', 1]], ['left', 'right']))
  expect(t).toBe('| a | b |\n| --- | ---: |\n| x &#124; y z | 1 |')
})

test('property: no hostile text makes markup, a link, an image or a cell', () => {
  fc.assert(
    fc.property(hostile(), hostile(), (a, b) => {
      const out = String(doc(gfm`### ${a}`, table(['what', 'why'], [[a, b]]), gfm`> ${b}`))
      expect(inlineMarkup(out)).toEqual([])
      expect(render(out)).not.toMatch(/<(a|img|script|code|strong|em|del|iframe|svg)\b/i)
      const t = tokens(out).find(x => x.type === 'table') as unknown as { rows: unknown[][] }
      expect(t.rows).toHaveLength(1)
      expect(t.rows[0]).toHaveLength(2)
    }),
    { numRuns: 300 }
  )
})

test('property: 1 MB of hostile text escapes in one pass, still inert', () => {
  fc.assert(
    fc.property(hostileMegabyte(), text => {
      const out = escapeText(text)
      expect(out).not.toMatch(/[\r\n<>[\]`|]/)
    }),
    { numRuns: 3 }
  )
})

test('Mermaid labels: only letters, digits, a few marks and entity codes; keywords defused', () => {
  expect(mermaidLabel('RUN make: all; #x %% <b>')).toBe('RUN make#58; all#59; #35;x #37;#37; #60;b#62;')
  expect(mermaidLabel('click x call alert()')).toBe('#8203;click x call alert()')
  expect(mermaidLabel('a\nb')).toBe('a b')
  expect(mermaidLabel('')).toBe('#183;')
  expect([...mermaidLabel('x'.repeat(100))]).toHaveLength(70)
  fc.assert(
    fc.property(hostile(), text => {
      expect(mermaidLabel(text)).toMatch(/^(?:[\p{L}\p{N} ._/+,()-]|#\d+;)*…?$/u)
    }),
    { numRuns: 300 }
  )
})

test('Mermaid labels: the printable-ASCII path codes exactly what the Unicode classes code', () => {
  // The reference: every code point tested against the Unicode classes.
  const reference = (text: string) =>
    [...text].map(c => (/[\p{L}\p{N} ._/+,()-]/u.test(c) ? c : `#${c.codePointAt(0)};`)).join('')
  const ascii = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map(n => String.fromCharCode(n)),
    maxLength: 60
  })
  const mixed = fc.string({ unit: 'binary', maxLength: 60 })
  const lone = fc
    .array(fc.oneof(fc.constant('\ud83d'), fc.constant('\ude00'), fc.constant('é'), fc.constant('a:')), {
      maxLength: 8
    })
    .map(a => a.join(''))
  fc.assert(
    fc.property(fc.oneof(ascii, mixed, lone, hostile()), text => {
      const flat = text.replace(/\s+/g, ' ').trim()
      if ([...flat].length > 70 || flat === '') return
      expect(mermaidLabel(flat).replace(/^#8203;/, '')).toBe(reference(flat))
    }),
    { numRuns: 3000 }
  )
})

test('secret-bearing inputs show their ids, never a value', () => {
  const pem = [
    '-----BEGIN PRIVATE KEY-----',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    'abc==',
    '-----END PRIVATE KEY-----'
  ]
  expect(shownInput('secrets', `GIT_AUTH_TOKEN=abc\n"KEY=${pem.join('\n')}"`)).toBe('GIT_AUTH_TOKEN, KEY')
  // Unquoted, a multi-line key is many entries: none of its lines shows.
  expect(shownInput('secrets', `KEY=${pem.join('\n')}`)).toBe('KEY, ?, ?, ?')
  expect(shownInput('secret-files', 'npmrc=/home/u/.npmrc')).toBe('npmrc')
  expect(shownInput('secret-envs', 'aws=AWS_SECRET')).toBe('aws')
  expect(shownInput('github-token', 'ghs_x')).toBe('***')
  expect(shownInput('registry-password', 'p')).toBe('***')
  expect(shownInput('my-api-token', 'p')).toBe('***')
  expect(shownInput('tags', 'reg/app:1')).toBe('reg/app:1')
  fc.assert(
    fc.property(fc.string({ minLength: 8 }), value => {
      const shown = shownInput('secrets', `ID=${value}`)
      if (value.length > 7) expect(shown).not.toContain(value.trim())
    }),
    { numRuns: 200 }
  )
})
