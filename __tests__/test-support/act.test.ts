// What act reads: the example workflows made local (registry, owner, the pinned frontend) and nothing else.
import { localWorkflow, loginRefs, planRepositories } from '../../test-support/act/act.js'
import { repoRoot } from '../../test-support/engine.js'

const workflow = `# a comment stays
env:
  TAGS: ghcr.io/acme/app:1
jobs:
  build:
    steps:
      - uses: docker/login-action@v3
        with: { registry: ghcr.io }
      - uses: org/build/setup-builder@v1
      - uses: org/build/setup-builder@v1
        with:
          syntax: localhost:1/frontend:1
      - uses: org/build@v1
        with: { tags: ghcr.io/acme/app:2, cache-from: registry.example.com/acme/cache }
`

test('registry hosts and the owner become the loopback registry and the run owner; nothing else changes', () => {
  const out = localWorkflow(workflow, 'localhost:5556', 'run-1')
  expect(out).toContain('# a comment stays')
  expect(out).toContain('TAGS: localhost:5556/run-1/app:1')
  expect(out).toContain('registry: localhost:5556 }')
  expect(out).toContain('tags: localhost:5556/run-1/app:2, cache-from: localhost:5556/run-1/cache')
  expect(out).not.toMatch(/ghcr\.io|registry\.example\.com|acme/)
})

test('setup-builder steps without a syntax get syntax: none; one that names its frontend keeps it', () => {
  const out = localWorkflow(workflow, 'localhost:5556')
  expect(out.match(/syntax: none/g)).toHaveLength(1)
  expect(out).toContain('syntax: localhost:1/frontend:1')
})

test('a plan maps our actions to the checkout, login-action to the stand-in, the rest to a stub', () => {
  const args = planRepositories(`${workflow}      - uses: actions/setup-node@0123abcd # v4\n`)
  const maps = args.filter((_, i) => i % 2 === 1)
  expect(args.filter((_, i) => i % 2 === 0).every(a => a === '--local-repository')).toBe(true)
  expect(maps).toContain(`org/build@v1=${repoRoot}`)
  expect(maps).toContainEqual(
    expect.stringMatching(/^docker\/login-action@v3=.*test-support\/act\/login-action$/)
  )
  expect(maps).toContainEqual(expect.stringMatching(/^actions\/setup-node@0123abcd=.*act-stub-/))
  expect(new Set(maps).size).toBe(maps.length)
  expect(loginRefs(workflow)).toEqual(['v3'])
})
