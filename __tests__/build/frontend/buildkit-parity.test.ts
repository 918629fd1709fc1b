// Shapes where a policy check once saw something other than what BuildKit (v0.34.2) builds, each found
// by the differential test (differential.test.ts) and confirmed with BuildKit's parser.
import { parseDockerfile, splitCommand } from '../../../build/frontend/dockerfile.js'
import { checkPolicy } from '../../../build/frontend/policy.js'
import { RULES } from '../../../build/model.js'

const df = (...lines: string[]) => lines.join('\n') + '\n'
const violations = (text: string) =>
  checkPolicy(parseDockerfile(text), RULES, 'Dockerfile').map(v => [v.line, v.rule, v.message])

describe('the flag splitter reads UTF-8 bytes, as BuildKit', () => {
  test('a byte 0xA0 inside à ends a flag: the --network after it is a flag', () => {
    const text = df('FROM a', 'RUN --mount=type=cache,target=/à--network=host true')
    expect(parseDockerfile(text).instructions[1].flags).toEqual([
      { name: 'mount', value: 'type=cache,target=/\u00c3' },
      { name: 'network', value: 'host' }
    ])
    expect(violations(text)).toEqual([
      [2, 'no-network', 'RUN --network=host: only the default network is allowed']
    ])
  })
})

describe('keywords are matched as Go lower-cases them', () => {
  test('İ lower-cases to i and the Kelvin sign to k; a dotless ı stays', () => {
    expect(splitCommand('ONBUİLD RUN x').keyword).toBe('ONBUILD')
    expect(splitCommand('HEALTHCHEC\u212a NONE').keyword).toBe('HEALTHCHECK')
    expect(splitCommand('onbuıld RUN x').keyword).toBe('ONBUıLD')
  })
})

describe("Go's blanks (unicode.IsSpace)", () => {
  test('U+0085 before # still makes a comment line; U+00A0 after # still reads a directive', () => {
    expect(
      parseDockerfile(df('FROM a', '\u0085# comment', 'RUN b')).instructions.map(i => i.keyword)
    ).toEqual(['FROM', 'RUN'])
    expect(parseDockerfile(df('#\u00a0escape=`', 'FROM a')).escape).toBe('`')
  })
})

describe('heredocs', () => {
  test('`cat << EOF`: the lexer keeps << and the blanks after it in one word, so it is a heredoc', () => {
    const text = df('FROM a', 'RUN cat << EOF > /x', 'RUN --network=host not-an-instruction', 'EOF')
    expect(parseDockerfile(text).instructions[1]).toMatchObject({
      line: 2,
      endLine: 4,
      heredocs: [{ delimiter: 'EOF', line: 3, endLine: 4 }]
    })
    expect(violations(text)).toEqual([
      [2, 'no-heredocs', 'RUN uses a heredoc (<<EOF): heredocs are not allowed']
    ])
  })
})

describe('RUN --mount values are read after quote and escape removal, as at build time', () => {
  test.each([
    ['an escaped letter', 'type=b\\\\ind'],
    ['single quotes', "type=\\'bind\\'"]
  ])('%s', (_, value) => {
    expect(violations(df('FROM a', `RUN --mount=${value},target=/x true`))).toEqual([
      [2, 'no-bind-mounts', expect.stringContaining('bind mounts are not allowed')]
    ])
  })
  test('a value BuildKit cannot read is refused, with its reason', () => {
    expect(violations(df('FROM a', 'RUN --mount=type=cache,target=/x,\\"bad true'))).toEqual([
      [
        2,
        'no-bind-mounts',
        'RUN --mount=type=cache,target=/x,"bad: BuildKit cannot read this mount (failed to parse csv mounts: extraneous or missing " in quoted-field); not allowed'
      ]
    ])
  })
})

test('ADD sources are read after quote removal: a quoted URL is a URL', () => {
  expect(violations(df('FROM a', 'ADD "http://example.com/x" /y'))).toEqual([
    [2, 'no-add-url', 'ADD http://example.com/x: remote sources (URLs, git) are not allowed']
  ])
})

describe('an ONBUILD trigger is what the downstream build parses: alone, with the default escape', () => {
  test('under escape=` a backslash in the trigger escapes there: type=b\\ind is a bind mount', () => {
    const text = df('# escape=`', 'FROM a', 'ONBUILD RUN --mount=type=b\\ind,target=/x true')
    expect(parseDockerfile(text).instructions[1].onbuild?.flags).toEqual([
      { name: 'mount', value: 'type=bind,target=/x' }
    ])
    expect(violations(text)).toEqual([
      [3, 'no-bind-mounts', 'ONBUILD RUN --mount=type=bind,target=/x: bind mounts are not allowed']
    ])
  })
  test("the downstream Dockerfile's escape is unknown: a backtick escape is checked too", () => {
    expect(violations(df('FROM a', 'ONBUILD RUN --mount=type=b`ind,target=/x true'))).toEqual([
      [2, 'no-bind-mounts', 'ONBUILD RUN --mount=type=b`ind,target=/x: bind mounts are not allowed']
    ])
  })
  test('a trigger the downstream build cannot parse falls back to the line as written here', () => {
    expect(parseDockerfile(df('FROM a', 'ONBUILD # not an instruction')).instructions[1].onbuild).toEqual({
      keyword: '#',
      flags: [],
      args: 'not an instruction',
      heredocs: []
    })
  })
})
