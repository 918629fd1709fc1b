import { planGitArchive } from '../../build/git-source.js'

describe('git context', () => {
  test('archive argv', () => {
    expect(planGitArchive({ ref: 'HEAD', subdir: '' })).toEqual(['archive', '--format=tar', 'HEAD'])
    expect(planGitArchive({ ref: 'HEAD', subdir: 'app' })).toEqual(['archive', '--format=tar', 'HEAD:app'])
  })
})
