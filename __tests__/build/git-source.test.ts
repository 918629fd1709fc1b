import { gitDockerfile, parseGitContext, planGitArchive } from '../../build/git-source.js'

describe('git context', () => {
  test.each([
    ['.', '', undefined],
    ['git', '', { ref: 'HEAD', subdir: '' }],
    ['git:app/', 'v1.2', { ref: 'v1.2', subdir: 'app' }]
  ])('parseGitContext(%s, %s)', (c, r, g) => expect(parseGitContext(c, r)).toEqual(g))
  test('errors', () => {
    expect(() => parseGitContext('git:../x', '')).toThrow(
      "input 'context': got 'git:../x'; accepted: git or git:<subdirectory"
    )
    expect(() => parseGitContext('git', 'a b')).toThrow(
      "input 'git-ref': got 'a b'; accepted: a commit, branch or tag name"
    )
  })
  test('archive argv and the Dockerfile path inside it', () => {
    expect(planGitArchive({ ref: 'HEAD', subdir: '' })).toEqual(['archive', '--format=tar', 'HEAD'])
    expect(planGitArchive({ ref: 'HEAD', subdir: 'app' })).toEqual(['archive', '--format=tar', 'HEAD:app'])
    expect(gitDockerfile('app/Dockerfile.prod', { ref: 'HEAD', subdir: 'app' })).toBe('Dockerfile.prod')
    expect(gitDockerfile('', { ref: 'HEAD', subdir: '' })).toBe('Dockerfile')
  })
})
