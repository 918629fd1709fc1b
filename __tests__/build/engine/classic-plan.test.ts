import { inputsWithDefaults } from '../../../test-support/defaults.js'
import { parseBuildInputs } from '../../../build/inputs/read.js'
import { classicSteps, planClassic } from '../../../build/engine/classic-plan.js'
import { summarize } from '../../../build/progress.js'

const parse = (m: Record<string, string>) => parseBuildInputs(inputsWithDefaults('.', m))

describe('classic engine', () => {
  test('the flags the classic builder understands; pushing is a separate docker push', () => {
    expect(
      planClassic(
        parse({ tags: 'r/app:1', 'build-args': 'A=1', push: 'true', target: 't', 'cache-from': 'r/app:1' }),
        'linux/s390x',
        '/t/iid'
      )
    ).toEqual({
      args: [
        'build',
        '--iidfile',
        '/t/iid',
        '--platform',
        'linux/s390x',
        '--tag',
        'r/app:1',
        '--build-arg',
        'A=1',
        '--target',
        't',
        '--cache-from',
        'r/app:1',
        '.'
      ],
      env: { DOCKER_BUILDKIT: '0' },
      push: ['r/app:1'],
      pull: ['r/app:1']
    })
  })
})

describe('classic engine: cache and log', () => {
  test('its log counts as steps: Using cache is a hit, FROM is no step of the report', () => {
    const steps = classicSteps([
      'Step 1/3 : FROM localhost/busybox',
      ' ---> 0123456789ab',
      'Step 2/3 : RUN make deps',
      ' ---> Using cache',
      ' ---> 1123456789ab',
      'Step 3/3 : COPY . /src',
      ' ---> 2123456789ab',
      'Successfully built 2123456789ab'
    ])
    expect(steps.map(s => [s.name, s.cached])).toEqual([
      ['[1/3] FROM localhost/busybox', false],
      ['[2/3] RUN make deps', true],
      ['[3/3] COPY . /src', false]
    ])
    expect(summarize(steps)).toMatchObject({ hits: 1, misses: 1, total: 2 })
  })
})
