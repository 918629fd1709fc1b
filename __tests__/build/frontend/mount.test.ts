import { csvFields, parseMount } from '../../../build/frontend/mount.js'

describe('csvFields (go-csvvalue, strict quotes)', () => {
  test.each([
    ['a,b', ['a', 'b']],
    ['a,', ['a', '']],
    ['"a,b",c', ['a,b', 'c']],
    ['"a""b"', ['a"b']],
    ['type=bind\n', ['type=bind']],
    ['', 'EOF'],
    ['a"b', 'bare " in non-quoted-field'],
    ['"a"b', 'extraneous or missing " in quoted-field'],
    ['"a', 'extraneous or missing " in quoted-field']
  ])('%j → %j', (value, out) => {
    expect(csvFields(value)).toEqual(out)
  })
})

describe('parseMount', () => {
  test('keys case-insensitive, aliases, bind by default, values through the lexer', () => {
    expect(parseMount("TYPE=Cache,dst=/c,ID='x y',sharing=locked,ro", '\\')).toEqual({
      mount: { type: 'cache', from: '', source: '', target: '/c', id: 'x y', sharing: 'locked' },
      typed: true
    })
    expect(parseMount('src=.,destination=/s,from=base', '\\')).toEqual({
      mount: { type: 'bind', from: 'base', source: '.', target: '/s', id: '', sharing: '' },
      typed: false
    })
  })
  test.each([
    ['type=volume', 'unsupported mount type "volume"'],
    ['type=cache,sharing=all', 'unsupported sharing value "all"'],
    ['target=/x,bogus=1', "unexpected key 'bogus' in 'bogus=1'"],
    ['target=/x,flag', "invalid field 'flag' must be a key=value pair"],
    ['from=$STAGE-x', "'from' doesn't support variable expansion, define alias stage instead"]
  ])('%j is refused', (value, error) => {
    expect(parseMount(value, '\\')).toEqual({ error })
  })
  test('a variable type is kept for the policy to see', () => {
    expect(parseMount('type=$T', '\\')).toMatchObject({ mount: { type: '$t' } })
  })
})
