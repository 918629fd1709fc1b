import { parseDockerfile } from '../../../build/frontend/dockerfile.js'
import { checkPolicy } from '../../../build/frontend/policy.js'
import { parsePolicy } from '../../../build/frontend/policy-input.js'
import { RULES, type RuleName } from '../../../build/model.js'

const df = (...lines: string[]) => lines.join('\n') + '\n'
const all = new Set(RULES)
const check = (text: string, rules: Iterable<RuleName> = all) =>
  checkPolicy(parseDockerfile(text), rules, 'Dockerfile').map(v => [v.line, v.rule, v.message] as const)

describe('parsePolicy', () => {
  test.each([
    ['', []],
    ['off', []],
    ['OFF', []],
    ['strict', [...RULES]],
    ['no-network', ['no-network']],
    ['no-network, no-security\nno-heredocs', ['no-network', 'no-security', 'no-heredocs']],
    ['strict,-no-heredocs', RULES.filter(r => r !== 'no-heredocs')],
    ['-no-heredocs,-no-add-url,strict', RULES.filter(r => r !== 'no-heredocs' && r !== 'no-add-url')],
    ['strict,no-network', [...RULES]]
  ])('%j', (value, rules) => {
    expect([...parsePolicy(value, 'policy')].sort()).toEqual([...rules].sort())
  })

  const accepted =
    "accepted: off | strict | a comma list of no-bind-mounts, no-network, no-security, no-heredocs, no-add-url, no-foreign-platform; with strict, '-<rule>' drops one (strict,-no-heredocs)"
  test('an unknown rule names the input and lists the rules', () => {
    expect(() => parsePolicy('strict,no-networks', 'policy')).toThrow(
      `input 'policy': got 'no-networks'; ${accepted}`
    )
  })
  test('an unknown removal too', () => {
    expect(() => parsePolicy('strict,-bogus', 'policy')).toThrow(`input 'policy': got '-bogus'; ${accepted}`)
  })
  test('off mixed with rules', () => {
    expect(() => parsePolicy('off,no-network', 'policy')).toThrow(`input 'policy': got 'off'; ${accepted}`)
  })
  test('a removal without strict', () => {
    expect(() => parsePolicy('no-network,-no-heredocs', 'policy')).toThrow(
      `input 'policy': got 'no-network,-no-heredocs'; accepted: '-no-heredocs' only with strict;`
    )
  })
  test('on and off at once', () => {
    expect(() => parsePolicy('strict,no-network,-no-network', 'policy')).toThrow(
      "accepted: 'no-network' either on or off, not both;"
    )
  })
})

describe('checkPolicy: a table of Dockerfiles with the exact violations', () => {
  const cases: [string, string, [number, RuleName, string][]][] = [
    [
      'a clean Dockerfile',
      df('FROM alpine', 'RUN --mount=type=cache,target=/var/cache/apk apk add curl', 'COPY . /src'),
      []
    ],
    [
      'explicit and default bind mounts',
      df(
        'FROM alpine',
        'RUN --mount=type=bind,source=.,target=/src make',
        'RUN --mount=target=/src make',
        'RUN --mount=type=BIND,target=/x true',
        'RUN --mount="type=bind,source=a b" true',
        'RUN --mount=type=$MT,target=/x true',
        'RUN --mount=type=secret,id=token --mount=type=ssh --mount=type=tmpfs,target=/tmp true'
      ),
      [
        [2, 'no-bind-mounts', 'RUN --mount=type=bind,source=.,target=/src: bind mounts are not allowed'],
        [
          3,
          'no-bind-mounts',
          'RUN --mount=target=/src: a mount without type= is a bind mount; bind mounts are not allowed'
        ],
        [4, 'no-bind-mounts', 'RUN --mount=type=BIND,target=/x: bind mounts are not allowed'],
        [5, 'no-bind-mounts', 'RUN --mount=type=bind,source=a b: bind mounts are not allowed'],
        [
          6,
          'no-bind-mounts',
          'RUN --mount=type=$MT,target=/x: the mount type comes from a variable and may be bind; bind mounts are not allowed'
        ]
      ]
    ],
    [
      'flags on continuation lines, comments and blank lines inside them',
      df(
        'FROM alpine',
        'RUN set -eux; \\',
        '    # a comment inside the continuation \\',
        '',
        '    true',
        'RUN \\',
        '  # --network=host in a comment is not a flag',
        '  --network=host \\',
        '  --security=insecure \\',
        '  wget example.com'
      ),
      [
        [6, 'no-network', 'RUN --network=host: only the default network is allowed'],
        [6, 'no-security', 'RUN --security=insecure: only the default sandbox is allowed']
      ]
    ],
    [
      'network and security values',
      df(
        'FROM a',
        'RUN --network=default true',
        'RUN --network=none true',
        'RUN --security=sandbox true',
        'RUN --network true',
        'RUN echo --network=host'
      ),
      [
        [3, 'no-network', 'RUN --network=none: only the default network is allowed'],
        [5, 'no-network', 'RUN --network: only the default network is allowed']
      ]
    ],
    [
      'lower-case instructions',
      df(
        'from --platform=linux/amd64 alpine',
        'run --mount=type=bind,target=/x true',
        'add https://example.com/a.tgz /a'
      ),
      [
        [
          1,
          'no-foreign-platform',
          'FROM --platform=linux/amd64: only $BUILDPLATFORM or $TARGETPLATFORM is allowed'
        ],
        [2, 'no-bind-mounts', 'RUN --mount=type=bind,target=/x: bind mounts are not allowed'],
        [3, 'no-add-url', 'ADD https://example.com/a.tgz: remote sources (URLs, git) are not allowed']
      ]
    ],
    [
      'heredocs, and text in their bodies is not checked',
      df(
        'FROM alpine',
        'RUN <<EOF',
        'RUN --network=host wget x',
        'ADD https://example.com /x',
        'EOF',
        'COPY <<A <<-"B" /dst/',
        'a',
        'A',
        '\tb',
        '\tB',
        'RUN ["sh", "-c", "cat <<EOF"]'
      ),
      [
        [2, 'no-heredocs', 'RUN uses a heredoc (<<EOF): heredocs are not allowed'],
        [6, 'no-heredocs', 'COPY uses a heredoc (<<A <<B): heredocs are not allowed']
      ]
    ],
    [
      'ADD sources',
      df(
        'FROM a',
        'ADD --checksum=sha256:abc https://example.com/x.tar.gz /x',
        'ADD git@github.com:moby/buildkit.git /src',
        'ADD https://github.com/moby/buildkit.git#v0.12 /bk',
        'ADD ["http://example.com/a", "local.txt", "/dst/"]',
        'ADD local.tar.gz ./other /dst/',
        'ADD $URL /dst',
        'COPY https://example.com /not-checked-copy-cannot-fetch',
        'ADD <<EOF /x',
        'hello',
        'EOF'
      ),
      [
        [2, 'no-add-url', 'ADD https://example.com/x.tar.gz: remote sources (URLs, git) are not allowed'],
        [3, 'no-add-url', 'ADD git@github.com:moby/buildkit.git: remote sources (URLs, git) are not allowed'],
        [
          4,
          'no-add-url',
          'ADD https://github.com/moby/buildkit.git#v0.12: remote sources (URLs, git) are not allowed'
        ],
        [5, 'no-add-url', 'ADD http://example.com/a: remote sources (URLs, git) are not allowed'],
        [7, 'no-add-url', 'ADD $URL: a source starting with a variable may be a URL; not allowed'],
        [9, 'no-heredocs', 'ADD uses a heredoc (<<EOF): heredocs are not allowed']
      ]
    ],
    [
      'FROM --platform',
      df(
        'FROM --platform=$BUILDPLATFORM golang AS build',
        'FROM --platform=${BUILDPLATFORM} golang AS b2',
        'FROM --platform="$TARGETPLATFORM" alpine',
        'FROM --platform=${TARGETPLATFORM} alpine',
        'FROM --platform=linux/arm64 alpine',
        'FROM --platform=$OTHER alpine',
        'FROM alpine'
      ),
      [
        [
          5,
          'no-foreign-platform',
          'FROM --platform=linux/arm64: only $BUILDPLATFORM or $TARGETPLATFORM is allowed'
        ],
        [
          6,
          'no-foreign-platform',
          'FROM --platform=$OTHER: only $BUILDPLATFORM or $TARGETPLATFORM is allowed'
        ]
      ]
    ],
    [
      '# escape=` (Windows style), backslashes are ordinary',
      df(
        '# escape=`',
        'FROM mcr.microsoft.com/windows/servercore',
        'RUN `',
        '  # comment `',
        '  --network=host `',
        '  dir c:\\',
        'ADD https://example.com/a.zip c:\\a.zip'
      ),
      [
        [3, 'no-network', 'RUN --network=host: only the default network is allowed'],
        [7, 'no-add-url', 'ADD https://example.com/a.zip: remote sources (URLs, git) are not allowed']
      ]
    ],
    [
      'ONBUILD',
      df(
        'FROM a',
        'ONBUILD RUN --mount=type=bind,target=/x --network=host true',
        'onbuild add https://x/y /z',
        'ONBUILD RUN <<EOF',
        'x',
        'EOF'
      ),
      [
        [2, 'no-bind-mounts', 'ONBUILD RUN --mount=type=bind,target=/x: bind mounts are not allowed'],
        [2, 'no-network', 'ONBUILD RUN --network=host: only the default network is allowed'],
        [3, 'no-add-url', 'ONBUILD ADD https://x/y: remote sources (URLs, git) are not allowed'],
        [4, 'no-heredocs', 'ONBUILD RUN uses a heredoc (<<EOF): heredocs are not allowed']
      ]
    ],
    [
      'one instruction breaking several rules, all reported in one pass',
      df(
        'FROM --platform=linux/s390x a',
        'RUN --mount=target=/a --mount=type=bind,target=/b --network=host --security=insecure <<EOF',
        'x',
        'EOF'
      ),
      [
        [
          1,
          'no-foreign-platform',
          'FROM --platform=linux/s390x: only $BUILDPLATFORM or $TARGETPLATFORM is allowed'
        ],
        [
          2,
          'no-bind-mounts',
          'RUN --mount=target=/a: a mount without type= is a bind mount; bind mounts are not allowed'
        ],
        [2, 'no-bind-mounts', 'RUN --mount=type=bind,target=/b: bind mounts are not allowed'],
        [2, 'no-network', 'RUN --network=host: only the default network is allowed'],
        [2, 'no-security', 'RUN --security=insecure: only the default sandbox is allowed'],
        [2, 'no-heredocs', 'RUN uses a heredoc (<<EOF): heredocs are not allowed']
      ]
    ]
  ]
  test.each(cases)('%s', (_, text, expected) => {
    expect(check(text)).toEqual(expected)
  })
})

describe('checkPolicy: switching rules', () => {
  const text = df('FROM --platform=linux/arm64 a', 'RUN --network=host <<EOF', 'x', 'EOF')
  test('only the enabled rules report', () => {
    expect(check(text, ['no-heredocs']).map(v => v[1])).toEqual(['no-heredocs'])
    expect(
      check(text, parsePolicy('strict,-no-heredocs,-no-foreign-platform', 'policy')).map(v => v[1])
    ).toEqual(['no-network'])
  })
  test('off finds nothing', () => {
    expect(check(text, parsePolicy('off', 'policy'))).toEqual([])
  })
  test('violations carry the file name', () => {
    expect(checkPolicy(parseDockerfile(text), ['no-network'], 'docker/app.Dockerfile')).toEqual([
      {
        rule: 'no-network',
        file: 'docker/app.Dockerfile',
        line: 2,
        message: 'RUN --network=host: only the default network is allowed'
      }
    ])
  })
})
