import { Inputs, parseDuration, parseList, parseSize, parseBool, formatSize } from '../../lib/inputs.js'
import { InputError } from '../../lib/errors.js'

const inputs = (m: Record<string, string>) => new Inputs(n => m[n] ?? '')

describe('lists', () => {
  test('newlines and commas, CSV quoting keeps a quoted comma', () => {
    expect(parseList('a,b\n c \n\n"d,e",f', true)).toEqual(['a', 'b', 'c', 'd,e', 'f'])
  })
  test('comment lines and blanks are dropped (a deliberate difference: a line starting with # is a comment)', () => {
    expect(parseList('# a comment\nx\n   \n', true)).toEqual(['x'])
  })
  test('without commas each line is one value', () => {
    expect(parseList('type=registry,ref=a\nb=c,d', false)).toEqual(['type=registry,ref=a', 'b=c,d'])
  })
  test('an unterminated quote is an input error naming the input', () => {
    expect(() => parseList('"abc', true, 'tags')).toThrow(
      /^input 'tags': got '"abc'; accepted: comma- or newline/
    )
  })
})

// docker/actions-toolkit's own getInputList cases (__tests__/util.test.ts), one row each: the input as
// the runner passes it, the toolkit's options for it, and the list the toolkit returns. Our reader must
// return the same list. ignoreComma is our `commas: false`.
const KEY = [
  '-----BEGIN TEST KEY BLOCK-----',
  '',
  'QUJDREVGR0hJSktMTU5PUA==',
  'cXJzdHV2d3h5eg==',
  '=Ab12',
  '-----END TEST KEY BLOCK-----'
].join('\n')
const PEER_LIST_CASES: [
  string,
  string,
  { ignoreComma?: boolean; quote?: false; comment?: string },
  string[]
][] = [
  ['single line correctly', 'bar', {}, ['bar']],
  ['empty correctly', '', {}, []],
  ['multiline correctly', 'bar\nbaz', {}, ['bar', 'baz']],
  ['empty lines correctly', 'bar\n\nbaz', {}, ['bar', 'baz']],
  ['comma correctly', 'bar,baz', {}, ['bar', 'baz']],
  ['empty result correctly', 'bar,baz,', {}, ['bar', 'baz']],
  ['different new lines correctly', 'bar\r\nbaz', {}, ['bar', 'baz']],
  ['different new lines and comma correctly', 'bar\r\nbaz,bat', {}, ['bar', 'baz', 'bat']],
  [
    'multiline and ignoring comma correctly',
    'user/app:cache\ntype=local,src=path/to/dir',
    { ignoreComma: true },
    ['user/app:cache', 'type=local,src=path/to/dir']
  ],
  ['multiline and ignoring comment correctly', 'foo=bar\nbar=qux#baz', {}, ['foo=bar', 'bar=qux#baz']],
  ['multiline with comment', 'foo=bar\nbar=qux#baz', { comment: '#' }, ['foo=bar', 'bar=qux']],
  [
    'different new lines and ignoring comma correctly',
    'user/app:cache\r\ntype=local,src=path/to/dir',
    { ignoreComma: true },
    ['user/app:cache', 'type=local,src=path/to/dir']
  ],
  [
    'do not escape surrounding quotes',
    '"env.no_proxy=localhost,127.0.0.1,.mydomain"',
    { ignoreComma: true, quote: false },
    ['"env.no_proxy=localhost,127.0.0.1,.mydomain"']
  ],
  [
    'escape surrounding quotes',
    'linux/amd64\n"linux/arm64,linux/arm/v7"',
    {},
    ['linux/amd64', 'linux/arm64', 'linux/arm/v7']
  ],
  [
    'multiline values',
    'GIT_AUTH_TOKEN=abcdefgh,ijklmno=0123456789\n"MYSECRET=aaaaaaaa\nbbbbbbb\nccccccccc"\nFOO=bar',
    { ignoreComma: true },
    ['GIT_AUTH_TOKEN=abcdefgh,ijklmno=0123456789', 'MYSECRET=aaaaaaaa\nbbbbbbb\nccccccccc', 'FOO=bar']
  ],
  [
    'multiline values with empty lines',
    'GIT_AUTH_TOKEN=abcdefgh,ijklmno=0123456789\n"MYSECRET=aaaaaaaa\nbbbbbbb\nccccccccc"\nFOO=bar\n"EMPTYLINE=aaaa\n\nbbbb\nccc"',
    { ignoreComma: true },
    [
      'GIT_AUTH_TOKEN=abcdefgh,ijklmno=0123456789',
      'MYSECRET=aaaaaaaa\nbbbbbbb\nccccccccc',
      'FOO=bar',
      'EMPTYLINE=aaaa\n\nbbbb\nccc'
    ]
  ],
  [
    'multiline values without quotes',
    'GIT_AUTH_TOKEN=abcdefgh,ijklmno=0123456789\nMYSECRET=aaaaaaaa\nbbbbbbb\nccccccccc\nFOO=bar',
    { ignoreComma: true },
    ['GIT_AUTH_TOKEN=abcdefgh,ijklmno=0123456789', 'MYSECRET=aaaaaaaa', 'bbbbbbb', 'ccccccccc', 'FOO=bar']
  ],
  [
    'large multiline values',
    `"GPG_KEY=${KEY}"\nFOO=bar`,
    { ignoreComma: true },
    [`GPG_KEY=${KEY}`, 'FOO=bar']
  ],
  [
    'multiline values escape quotes',
    'GIT_AUTH_TOKEN=abcdefgh,ijklmno=0123456789\n"MYSECRET=aaaaaaaa\nbbbb""bbb\nccccccccc"\nFOO=bar',
    { ignoreComma: true },
    ['GIT_AUTH_TOKEN=abcdefgh,ijklmno=0123456789', 'MYSECRET=aaaaaaaa\nbbbb"bbb\nccccccccc', 'FOO=bar']
  ],
  [
    'keep quotes',
    'type=image,"name=ghcr.io/nginxinc/nginx-unprivileged,docker.io/nginxinc/nginx-unprivileged",push-by-digest=true,name-canonical=true,push=true',
    { ignoreComma: true, quote: false },
    [
      'type=image,"name=ghcr.io/nginxinc/nginx-unprivileged,docker.io/nginxinc/nginx-unprivileged",push-by-digest=true,name-canonical=true,push=true'
    ]
  ]
]

describe('lists read as the Actions toolkit reads them (its own test cases)', () => {
  test('every case of the toolkit is here', () => expect(PEER_LIST_CASES).toHaveLength(20))
  test.each(PEER_LIST_CASES)('%s', (_name, raw, o, expected) => {
    // The runner trims an input's value, as @actions/core's getInput does.
    const got = inputs({ x: raw }).list('x', { commas: !o.ignoreComma, quote: o.quote, comment: o.comment })
    expect(got).toEqual(expected)
  })
})

describe('lists: the deliberate differences', () => {
  test('a quoted value keeps its final newline and blank lines byte for byte (the toolkit trims it)', () => {
    const pem = '-----BEGIN KEY-----\nline1\n\nline3\n-----END KEY-----\n'
    // As a workflow gives it: a `|` block, each line indented, the runner trims the whole value.
    expect(
      inputs({ secrets: `  "MYSECRET=${pem}"\n  FOO=bar\n` }).list('secrets', { commas: false })
    ).toEqual([`MYSECRET=${pem}`, 'FOO=bar'])
  })
  test('a dotenv secret stays one value', () => {
    expect(parseList('"DOTENV=A=x\nB=y"', false)).toEqual(['DOTENV=A=x\nB=y'])
  })
  test('a parse error of a secret list does not echo it', () => {
    expect(() => parseList('"KEY=hunter2', { commas: false, secret: true }, 'secrets')).toThrow(
      "input 'secrets': got '<12 characters hidden>'"
    )
  })
})

describe('single values', () => {
  test('a newline in a single-value input fails, naming it', () => {
    expect(() => inputs({ target: 'prod\n::error::x' }).line('target')).toThrow(
      "input 'target': got 'prod\\n::error::x'; accepted: a single value on one line"
    )
    expect(inputs({ target: ' prod ' }).line('target')).toBe('prod')
  })
})

describe('booleans', () => {
  test.each([
    ['true', true],
    ['false', false],
    ['', false],
    ['yes', true],
    ['0', false]
  ])('%s', (v, b) => {
    expect(parseBool(v, 'push')).toBe(b)
  })
  test('anything else names the input and what is accepted', () => {
    expect(() => parseBool('maybe', 'push')).toThrow("input 'push': got 'maybe'; accepted: true | false")
  })
})

describe('durations', () => {
  test.each([
    ['90s', 90e3],
    ['30m', 1800e3],
    ['12h', 43200e3],
    ['7d', 604800e3],
    ['2w', 1209600e3],
    ['1h30m', 5400e3]
  ])('%s', (v, ms) => expect(parseDuration(v, 'older-than')).toBe(ms))
  test.each(['7', 'd', '7x', '-1d', '7d ', '1h 30m'])('rejects %j', v =>
    expect(() => parseDuration(v, 'older-than')).toThrow(
      /^input 'older-than': got '.*'; accepted: a duration such as 90s/
    )
  )
})

describe('sizes', () => {
  test.each([
    ['5GB', 5e9],
    ['500MB', 5e8],
    ['2GiB', 2 * 1024 ** 3],
    ['512m', 512 * 1024 ** 2],
    ['1024', 1024],
    ['1.5gb', 1.5e9]
  ])('%s', (v, b) => expect(parseSize(v, 'keep-storage')).toBe(b))
  test.each(['', 'GB', '5XB', '-5GB'])('rejects %j', v =>
    expect(() => parseSize(v, 'keep-storage')).toThrow(InputError)
  )
  test('formatSize prints docker-style decimal units', () => {
    expect(formatSize(0)).toBe('0B')
    expect(formatSize(1536)).toBe('1.54kB')
    expect(formatSize(5e9)).toBe('5.00GB')
    expect(formatSize(123e6)).toBe('123.0MB')
  })
})

describe('Inputs', () => {
  test('oneOf lists the accepted values', () => {
    expect(() => inputs({ driver: 'kubernetes' }).oneOf('driver', ['auto', 'docker'] as const)).toThrow(
      "input 'driver': got 'kubernetes'; accepted: auto | docker"
    )
  })
  test('empty duration and size are undefined', () => {
    expect(inputs({}).duration('until')).toBeUndefined()
    expect(inputs({}).size('keep-storage')).toBeUndefined()
  })
})
