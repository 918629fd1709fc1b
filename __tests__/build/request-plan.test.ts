import { engineInputs, gitDockerfile } from '../../build/request-plan.js'
import { legLabel, newLegMark } from '../../build/matrix/leg-mark.js'
import { parse } from '../helpers/build.js'

describe('context: git', () => {
  test('the Dockerfile path inside the archive', () => {
    expect(gitDockerfile('app/Dockerfile.prod', { ref: 'HEAD', subdir: 'app' })).toBe('Dockerfile.prod')
    expect(gitDockerfile('', { ref: 'HEAD', subdir: '' })).toBe('Dockerfile')
  })
})

describe("a leg's mark", () => {
  const mark = newLegMark({ repository: 'acme/app', runId: '991', runAttempt: '2' })
  const leg = { builder: 'b', driver: 'docker-container', platforms: [] }
  const labels = (m: Record<string, string>, withLeg = true) =>
    engineInputs(parse({ tags: 'r/app:1', labels: 'a=b', ...m }), {
      leg: withLeg ? leg : undefined,
      mark,
      pinned: '',
      work: '/w'
    }).build.labels

  test("a classic builder's leg with push labels its image with this run, attempt and a fresh nonce", () => {
    expect(legLabel(mark)).toMatch(
      /^io\.github\.buildx-action-suite\.leg=run=991,attempt=2,nonce=[0-9a-f-]{36}$/
    )
    expect(newLegMark({ repository: 'acme/app', runId: '991', runAttempt: '2' }).nonce).not.toBe(mark.nonce)
    expect(labels({ arch: 'amd64', push: 'true', engine: 'classic' })).toEqual(['a=b', legLabel(mark)])
  })
  test("BuildKit's labels stay the user's (the build plan places the mark: buildkit-plan), and no mark without push or leg", () => {
    expect(labels({ arch: 'amd64', push: 'true' })).toEqual(['a=b'])
    expect(labels({ arch: 'amd64', engine: 'classic' })).toEqual(['a=b'])
    expect(labels({ push: 'true', engine: 'classic' }, false)).toEqual(['a=b'])
  })
})
