import {
  expandDefaultContext,
  gitContext,
  parseGitRef,
  repositoryIsPrivate,
  workflowRunUrl
} from '../../build/workflow-run.js'

const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37'

// docker/actions-toolkit's own Context.parseGitRef cases: ref, commit, DOCKER_DEFAULT_GIT_CONTEXT_PR_HEAD_REF, result.
describe('the default Git context ref, as the Actions toolkit derives it (its own test cases)', () => {
  test.each([
    ['refs/heads/master', SHA, false, SHA],
    ['master', SHA, false, SHA],
    ['refs/pull/15/merge', SHA, false, 'refs/pull/15/merge'],
    ['refs/heads/master', '', false, 'refs/heads/master'],
    ['master', '', false, 'master'],
    ['refs/tags/v1.0.0', '', false, 'refs/tags/v1.0.0'],
    ['refs/pull/15/merge', '', false, 'refs/pull/15/merge'],
    ['refs/pull/15/merge', '', true, 'refs/pull/15/head']
  ])('%s at %j (pull request head %s) → %s', (ref, sha, prHead, expected) => {
    expect(parseGitRef(ref, sha, prHead)).toBe(expected)
  })
  test('gitContext: the repository on the server at the ref', () => {
    expect(gitContext({ GITHUB_REPOSITORY: 'docker/actions-toolkit', GITHUB_REF: 'refs/heads/master' })).toBe(
      'https://github.com/docker/actions-toolkit.git#refs/heads/master'
    )
  })
})

describe('{{defaultContext}}', () => {
  const env = {
    GITHUB_SERVER_URL: 'https://ghe.example.com',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: SHA
  }
  test('expands to the commit on the server (GHES too), a subdirectory kept', () => {
    expect(expandDefaultContext('{{defaultContext}}', 'context', env)).toBe(
      `https://ghe.example.com/acme/app.git#${SHA}`
    )
    expect(expandDefaultContext('{{ defaultContext }}:docker', 'context', env)).toBe(
      `https://ghe.example.com/acme/app.git#${SHA}:docker`
    )
    expect(expandDefaultContext('.', 'context', env)).toBe('.')
  })
  test('a pull request builds its merge ref', () => {
    expect(
      expandDefaultContext('{{defaultContext}}', 'context', { ...env, GITHUB_REF: 'refs/pull/7/merge' })
    ).toBe('https://ghe.example.com/acme/app.git#refs/pull/7/merge')
  })
  // Deliberate difference: build-push-action v7.1+ on buildx >= 0.29 writes the query form
  // (<repo>.git?ref=<ref>&checksum=<sha>); this one writes the fragment form pinned to the commit on every
  // buildx (the query form needs buildx 0.29, the supported range starts at 0.13): the same commit is built.
  test.each(['refs/heads/main', 'refs/tags/v1.2.0', 'main'])(
    'deliberate difference from build-push-action: %s builds #<commit>, never ?ref=…&checksum=…',
    ref => {
      const url = expandDefaultContext('{{defaultContext}}', 'context', { ...env, GITHUB_REF: ref })
      expect(url).toBe(`https://ghe.example.com/acme/app.git#${SHA}`)
      expect(url).not.toContain('?')
    }
  )
  test('another template, or none outside a run, fails naming the input', () => {
    expect(() => expandDefaultContext('{{ref}}', 'build-contexts', env)).toThrow(
      "input 'build-contexts': got '{{ref}}'; accepted: a path or URL; the one template is {{defaultContext}}"
    )
    expect(() => expandDefaultContext('{{defaultContext}}', 'context', {})).toThrow(
      "input 'context': got '{{defaultContext}}'; accepted: {{defaultContext}} only in a workflow run"
    )
  })
})

describe('the run', () => {
  test("builder-id: the run's URL with its attempt", () => {
    expect(
      workflowRunUrl({
        GITHUB_REPOSITORY: 'docker/actions-toolkit',
        GITHUB_RUN_ID: '2188748038',
        GITHUB_RUN_ATTEMPT: '2'
      })
    ).toBe('https://github.com/docker/actions-toolkit/actions/runs/2188748038/attempts/2')
    expect(workflowRunUrl({ GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '1' })).toBe(
      'https://github.com/a/b/actions/runs/1/attempts/1'
    )
    expect(workflowRunUrl({})).toBeUndefined()
  })
  test('a private repository only when the event payload says so', () => {
    const read = (payload: string) => () => payload
    const env = { GITHUB_EVENT_PATH: '/e.json' }
    expect(repositoryIsPrivate(env, read('{"repository":{"private":true}}'))).toBe(true)
    expect(repositoryIsPrivate(env, read('{"repository":{"private":false}}'))).toBe(false)
    expect(repositoryIsPrivate(env, read('{}'))).toBe(false)
    expect(repositoryIsPrivate(env, read('not json'))).toBe(false)
    expect(repositoryIsPrivate({}, read('{"repository":{"private":true}}'))).toBe(false)
  })
})
