import { DockerfileParseError, detectSyntax } from '../../../build/frontend/directives.js'
import { parseDockerfile, splitCommand } from '../../../build/frontend/dockerfile.js'
import { UserError } from '../../../lib/errors.js'

const df = (...lines: string[]) => lines.join('\n') + '\n'
const brief = (text: string) =>
  parseDockerfile(text).instructions.map(i => [i.keyword, i.args, i.line, i.endLine] as const)

describe('instructions', () => {
  test('keywords are upper-cased, lines are 1-based, blank and comment lines skipped', () => {
    expect(brief(df('from alpine', '', '# a comment', '  Run echo hi', 'CMD ["sh"]'))).toEqual([
      ['FROM', 'alpine', 1, 1],
      ['RUN', 'echo hi', 4, 4],
      ['CMD', '["sh"]', 5, 5]
    ])
  })

  test('a trailing # is not a comment', () => {
    expect(brief('RUN echo a # b')).toEqual([['RUN', 'echo a # b', 1, 1]])
  })

  test('continuation lines are joined; the instruction spans them', () => {
    expect(brief(df('RUN apt-get update \\', '    && apt-get install -y curl', 'USER nobody'))).toEqual([
      ['RUN', 'apt-get update     && apt-get install -y curl', 1, 2],
      ['USER', 'nobody', 3, 3]
    ])
  })

  test('trailing blanks after the escape still continue', () => {
    expect(brief(df('RUN a \\  \t', 'b'))).toEqual([['RUN', 'a b', 1, 2]])
  })

  test('comment lines and blank lines inside a continuation are skipped without ending it', () => {
    expect(
      brief(df('RUN a \\', '  # not part of the command \\', '', '   ', '  b \\', '#x', '  c', 'EXPOSE 80'))
    ).toEqual([
      ['RUN', 'a   b   c', 1, 7],
      ['EXPOSE', '80', 8, 8]
    ])
  })

  test('a continuation at end of file ends the instruction there', () => {
    expect(brief('RUN a \\\n')).toEqual([['RUN', 'a', 1, 1]])
  })

  test('an escaped escape character is not a continuation (BuildKit quirk kept)', () => {
    expect(brief(df('RUN echo \\\\', 'RUN b'))).toEqual([
      ['RUN', 'echo \\\\', 1, 1],
      ['RUN', 'b', 2, 2]
    ])
  })

  test('a line holding only the escape character starts a continuation', () => {
    expect(brief(df('\\', 'RUN x'))).toEqual([['RUN', 'x', 1, 2]])
  })

  test('CRLF line endings and a BOM', () => {
    expect(brief('\uFEFFFROM a\r\nRUN b \\\r\n c\r\n')).toEqual([
      ['FROM', 'a', 1, 1],
      ['RUN', 'b  c', 2, 3]
    ])
  })

  test('unknown keywords are kept', () => {
    expect(brief('FOO bar')).toEqual([['FOO', 'bar', 1, 1]])
  })

  test('an empty file has no instructions', () => {
    expect(parseDockerfile('').instructions).toEqual([])
  })
})

describe('parser directives', () => {
  test('syntax, escape and check at the top', () => {
    const r = parseDockerfile(
      df('# syntax=docker/dockerfile:1.7', '#ESCAPE = `', '# check=skip=all', 'FROM a')
    )
    expect(r.directives).toEqual([
      { name: 'syntax', value: 'docker/dockerfile:1.7', line: 1 },
      { name: 'escape', value: '`', line: 2 },
      { name: 'check', value: 'skip=all', line: 3 }
    ])
    expect(r.escape).toBe('`')
  })

  test('leading whitespace before a directive is allowed by the parser', () => {
    expect(parseDockerfile(df('  # escape=`', 'FROM a')).escape).toBe('`')
  })

  test.each([
    ['after an instruction', df('FROM a', '# escape=`', 'RUN b')],
    ['after a blank line', df('', '# escape=`', 'FROM a')],
    ['after an ordinary comment', df('# hello', '# escape=`', 'FROM a')],
    ['after an unknown directive', df('# foo=bar', '# escape=`', 'FROM a')]
  ])('not a directive %s', (_, text) => {
    const r = parseDockerfile(text)
    expect(r.escape).toBe('\\')
    expect(r.directives.find(d => d.name === 'escape')).toBeUndefined()
  })

  test('a repeated directive is an error with its line', () => {
    expect(() => parseDockerfile(df('# syntax=a', '# syntax=b', 'FROM x'))).toThrow(
      new DockerfileParseError('only one syntax parser directive can be used', 2)
    )
  })

  test('an invalid escape is an error', () => {
    const e = (() => {
      try {
        parseDockerfile(df('# escape=x', 'FROM a'))
      } catch (err) {
        return err
      }
    })()
    expect(e).toBeInstanceOf(DockerfileParseError)
    expect(e).toBeInstanceOf(UserError)
    expect(e).toMatchObject({
      line: 1,
      message: "dockerfile parse error on line 1: invalid escape token 'x' does not match ` or \\"
    })
  })

  test('escape=` makes backtick the continuation character and backslash ordinary', () => {
    const text = df(
      '# escape=`',
      'FROM mcr.microsoft.com/windows',
      'RUN dir c:\\',
      'RUN a `',
      '  b',
      'COPY . c:\\app\\'
    )
    expect(brief(text)).toEqual([
      ['FROM', 'mcr.microsoft.com/windows', 2, 2],
      ['RUN', 'dir c:\\', 3, 3],
      ['RUN', 'a   b', 4, 5],
      ['COPY', '. c:\\app\\', 6, 6]
    ])
  })
})

describe('detectSyntax (the frontend BuildKit would load)', () => {
  test('from # syntax=, value up to the first space', () => {
    expect(detectSyntax(df('# syntax = docker/dockerfile:1 extra', 'FROM a'))).toEqual({
      ref: 'docker/dockerfile:1',
      value: 'docker/dockerfile:1 extra',
      line: 1
    })
  })
  test('after other directives', () => {
    expect(detectSyntax(df('# escape=`', '# syntax=x/y', 'FROM a'))?.line).toBe(2)
  })
  test('a shebang line is skipped and counted', () => {
    expect(detectSyntax(df('#!/usr/bin/env buildctl', '# syntax=x/y', 'FROM a'))).toMatchObject({
      ref: 'x/y',
      line: 2
    })
  })
  test('// syntax= is honoured too', () => {
    expect(detectSyntax(df('// syntax=evil/frontend', 'FROM a'))).toMatchObject({
      ref: 'evil/frontend',
      line: 1
    })
  })
  test('a JSON document with a "syntax" key', () => {
    expect(detectSyntax('{"syntax": "x/y:1", "a": 1}')).toMatchObject({ ref: 'x/y:1', line: 1 })
  })
  test('not after an instruction, and none at all', () => {
    expect(detectSyntax(df('FROM a', '# syntax=x/y'))).toBeUndefined()
    expect(detectSyntax(df('FROM a'))).toBeUndefined()
  })
  test('the first of two syntax directives (the parser then rejects the file)', () => {
    expect(detectSyntax(df('# syntax=a/b', '# syntax=c/d', 'FROM x'))?.ref).toBe('a/b')
  })
  test('parseDockerfile carries it', () => {
    expect(parseDockerfile(df('# syntax=docker/dockerfile:1', 'FROM a')).syntax?.ref).toBe(
      'docker/dockerfile:1'
    )
    expect(parseDockerfile(df('FROM a')).syntax).toBeUndefined()
  })
})

describe('flags', () => {
  test('RUN flags with values, quotes removed', () => {
    const [run] = parseDockerfile(
      'RUN --mount=type=bind,source=. --network=host --security="insecure" --mount=type=cache,target=/root/.cache make'
    ).instructions
    expect(run.flags).toEqual([
      { name: 'mount', value: 'type=bind,source=.' },
      { name: 'network', value: 'host' },
      { name: 'security', value: 'insecure' },
      { name: 'mount', value: 'type=cache,target=/root/.cache' }
    ])
    expect(run.args).toBe('make')
  })
  test('FROM --platform and a bare boolean flag', () => {
    expect(parseDockerfile('FROM --platform=$BUILDPLATFORM golang AS build').instructions[0]).toMatchObject({
      flags: [{ name: 'platform', value: '$BUILDPLATFORM' }],
      args: 'golang AS build'
    })
    expect(splitCommand('COPY --link --from=build /a /b')).toEqual({
      keyword: 'COPY',
      flags: [{ name: 'link' }, { name: 'from', value: 'build' }],
      args: '/a /b'
    })
  })
  test('flags across continuation lines', () => {
    expect(parseDockerfile(df('RUN \\', '  --network=none \\', '  true')).instructions[0]).toMatchObject({
      flags: [{ name: 'network', value: 'none' }],
      args: 'true',
      line: 1,
      endLine: 3
    })
  })
  test('a bare -- ends the flags', () => {
    expect(splitCommand('RUN --network=host -- --not-a-flag')).toEqual({
      keyword: 'RUN',
      flags: [{ name: 'network', value: 'host' }],
      args: '--not-a-flag'
    })
  })
  test('a single dash is an argument', () => {
    expect(splitCommand('RUN -x')).toEqual({ keyword: 'RUN', flags: [], args: '-x' })
  })
  test('a quoted space stays in the flag; backslash escapes', () => {
    expect(splitCommand(`RUN --mount="type=secret,id=a b" --x=a\\ b echo`).flags).toEqual([
      { name: 'mount', value: 'type=secret,id=a b' },
      { name: 'x', value: 'a b' }
    ])
  })
  test('under escape=` a trailing backslash stays in the flag value (it is no escape there)', () => {
    const [run] = parseDockerfile(
      df('# escape=`', 'RUN --mount=target=/root/.cache,type=cache\\', 'RUN b')
    ).instructions
    expect(run.flags).toEqual([{ name: 'mount', value: 'target=/root/.cache,type=cache\\' }])
  })
  test('under escape=` the backtick escapes in flags and a backslash is ordinary', () => {
    expect(splitCommand('RUN --x=a` b --y="c:\\d" --z=e`', '`').flags).toEqual([
      { name: 'x', value: 'a b' },
      { name: 'y', value: 'c:\\d' },
      { name: 'z', value: 'e' }
    ])
  })
  test('keyword only', () => {
    expect(splitCommand('  healthcheck  ')).toEqual({ keyword: 'HEALTHCHECK', flags: [], args: '' })
  })
})

describe('heredocs', () => {
  test('one heredoc: body lines are not instructions', () => {
    const r = parseDockerfile(df('FROM a', 'RUN <<EOF', 'RUN not-an-instruction', 'EOF', 'USER x'))
    expect(brief(df('FROM a', 'RUN <<EOF', 'RUN not-an-instruction', 'EOF', 'USER x'))).toEqual([
      ['FROM', 'a', 1, 1],
      ['RUN', '<<EOF', 2, 4],
      ['USER', 'x', 5, 5]
    ])
    expect(r.instructions[1].heredocs).toEqual([
      { delimiter: 'EOF', line: 3, endLine: 4, chomp: false, expand: true }
    ])
  })

  test('several heredocs on one line, quoted and chomped', () => {
    const text = df('COPY <<FILE1 <<-"FILE2" /dest/', 'one', 'FILE1', '\ttwo', '\t\tFILE2', 'RUN x')
    const [copy, run] = parseDockerfile(text).instructions
    expect(copy.heredocs).toEqual([
      { delimiter: 'FILE1', line: 2, endLine: 3, chomp: false, expand: true },
      { delimiter: 'FILE2', line: 4, endLine: 5, chomp: true, expand: false }
    ])
    expect([copy.line, copy.endLine, run.line]).toEqual([1, 5, 6])
  })

  test('single-quoted delimiter, fd prefix, and a heredoc after a continuation', () => {
    const text = df('RUN --network=none \\', "  python3 3<<'PY'", 'print(1)', 'PY')
    const [run] = parseDockerfile(text).instructions
    expect(run).toMatchObject({ line: 1, endLine: 4, flags: [{ name: 'network', value: 'none' }] })
    expect(run.heredocs).toEqual([{ delimiter: 'PY', line: 3, endLine: 4, chomp: false, expand: false }])
  })

  test('a body that looks like a continuation or a comment is kept as body', () => {
    const text = df('RUN <<EOF', 'echo a \\', '# not a comment', 'EOF', 'RUN b')
    expect(brief(text)).toEqual([
      ['RUN', '<<EOF', 1, 4],
      ['RUN', 'b', 5, 5]
    ])
  })

  test('a terminator with leading tabs only ends a <<- heredoc', () => {
    const text = df('RUN <<EOF', '\tEOF', 'EOF')
    expect(parseDockerfile(text).instructions[0]).toMatchObject({ endLine: 3 })
  })

  test('not heredocs: exec form, other instructions, <<< and cat<<EOF, quoted <<', () => {
    for (const line of [
      'RUN ["cat", "<<EOF"]',
      'ENV A=<<EOF',
      'RUN cat <<<EOF',
      'RUN cat<<EOF',
      'RUN echo "<<EOF"',
      'RUN echo \\<<EOF'
    ]) {
      expect(parseDockerfile(df(line, 'EOF')).instructions.map(i => i.heredocs.length)).toEqual([0, 0])
    }
  })

  test('an unbalanced quote on the line finds no heredoc (as BuildKit)', () => {
    expect(parseDockerfile(df(`RUN echo "x <<EOF`, 'EOF')).instructions).toHaveLength(2)
  })

  test('lower-case and ONBUILD instructions can hold heredocs', () => {
    const [onbuild, run] = parseDockerfile(
      df('onbuild run <<EOF', 'x', 'EOF', 'run <<EOT', 'y', 'EOT')
    ).instructions
    expect(onbuild.onbuild).toEqual({
      keyword: 'RUN',
      flags: [],
      args: '<<EOF',
      heredocs: [{ delimiter: 'EOF', chomp: false, expand: true }]
    })
    expect(onbuild.heredocs.map(h => h.delimiter)).toEqual(['EOF'])
    expect(run.heredocs.map(h => h.line)).toEqual([5])
  })

  test('an unterminated heredoc is an error on the instruction line', () => {
    expect(() => parseDockerfile(df('FROM a', 'RUN <<EOF', 'echo'))).toThrow(
      'dockerfile parse error on line 2: unterminated heredoc'
    )
  })
})

describe('ONBUILD', () => {
  test('the inner instruction is split like a top-level one', () => {
    expect(parseDockerfile('ONBUILD RUN --mount=type=bind,target=/x make').instructions[0].onbuild).toEqual({
      keyword: 'RUN',
      flags: [{ name: 'mount', value: 'type=bind,target=/x' }],
      args: 'make',
      heredocs: []
    })
  })
})
