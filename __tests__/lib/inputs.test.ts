import { Inputs, parseDuration, parseList, parseSize, parseBool, formatSize } from '../../lib/inputs.js'
import { InputError } from '../../lib/errors.js'

const inputs = (m: Record<string, string>) => new Inputs(n => m[n] ?? '')

describe('lists', () => {
  test('newlines and commas, CSV quoting keeps a quoted comma', () => {
    expect(parseList('a,b\n c \n\n"d,e",f', true)).toEqual(['a', 'b', 'c', 'd,e', 'f'])
  })
  test('comment lines and blanks are dropped', () => {
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
