import { gitDockerfile } from '../../build/request-plan.js'

describe('context: git', () => {
  test('the Dockerfile path inside the archive', () => {
    expect(gitDockerfile('app/Dockerfile.prod', { ref: 'HEAD', subdir: 'app' })).toBe('Dockerfile.prod')
    expect(gitDockerfile('', { ref: 'HEAD', subdir: '' })).toBe('Dockerfile')
  })
})
