import { jest } from '@jest/globals'
import {
  checkSyntaxDirective,
  frontendFacts,
  pinBuildArg,
  dockerfilePath,
  planFrontend,
  preflight,
  sameFrontend
} from '../../../build/frontend/frontend.js'
import { checkEntitlements, checkPinConflicts } from '../../../build/inputs/combinations.js'
import { parseDockerfile } from '../../../build/frontend/dockerfile.js'
import { parsePolicy } from '../../../build/frontend/policy-input.js'

const pinned = `docker/dockerfile:1.18.0@sha256:${'a'.repeat(64)}`
const policy = () => import('../../../build/frontend/policy.js')

test('facts come from what setup-builder exported', () => {
  expect(
    frontendFacts({
      BUILD_SUITE_SYNTAX: pinned,
      BUILD_SUITE_ALLOWED_SYNTAX: 'docker/dockerfile:*\nlocalhost:5000/fe/*:1',
      BUILD_SUITE_ENTITLEMENTS: 'network.host'
    })
  ).toEqual({
    pinned,
    allowedSyntax: ['docker/dockerfile:*', 'localhost:5000/fe/*:1'],
    entitlements: ['network.host']
  })
  expect(frontendFacts({})).toEqual({ pinned: '', allowedSyntax: [], entitlements: undefined })
})

test('the pin becomes a BUILDKIT_SYNTAX build-arg', () => {
  expect(pinBuildArg(pinned)).toEqual([`BUILDKIT_SYNTAX=${pinned}`])
  expect(pinBuildArg('')).toEqual([])
})

describe('nothing may override the pin', () => {
  test('a BUILDKIT_SYNTAX build-arg', () => {
    expect(() => checkPinConflicts(['A=1', 'BUILDKIT_SYNTAX=evil/frontend'], [], pinned)).toThrow(
      `input 'build-args': got 'BUILDKIT_SYNTAX=evil/frontend'; accepted: no BUILDKIT_SYNTAX while setup-builder pins the frontend to ${pinned}`
    )
  })
  test('a build context named after the frontend, in any spelling', () => {
    expect(() =>
      checkPinConflicts([], ['docker.io/docker/dockerfile:1=docker-image://evil/fe'], pinned)
    ).toThrow(
      "input 'build-contexts': got 'docker.io/docker/dockerfile:1=docker-image://evil/fe'; accepted: no context named after the pinned frontend"
    )
  })
  test('other args and contexts, or no pin, are fine', () => {
    expect(() =>
      checkPinConflicts(['BUILDKIT_INLINE_CACHE=1'], ['base=docker-image://alpine'], pinned)
    ).not.toThrow()
    expect(() => checkPinConflicts(['BUILDKIT_SYNTAX=x'], [], '')).not.toThrow()
  })
})

describe('entitlements', () => {
  test('allow may name only what setup-builder granted', () => {
    expect(() => checkEntitlements(['network.host'], [])).toThrow(
      "input 'allow': got 'network.host'; accepted: none: the entitlements setup-builder granted (its allow-insecure-entitlements input)"
    )
    expect(() => checkEntitlements(['network.host'], ['network.host'])).not.toThrow()
  })
  test('without setup-builder the builder itself decides', () => {
    expect(() => checkEntitlements(['security.insecure'], undefined)).not.toThrow()
  })
})

/** A build's inputs as the preflight reads them: nothing set. */
const base = {
  buildArgs: [],
  buildContexts: [],
  allow: [],
  context: '.',
  file: '',
  policy: parsePolicy('off', 'policy')
}

describe('Dockerfile checks', () => {
  const allowed = ['docker/dockerfile:*']
  const text =
    '# syntax=evil.example/frontend:1\nFROM busybox\nRUN --network=host wget x\nRUN <<EOF\necho\nEOF\n'
  const findings = async (facts: { pinned: string; allowedSyntax: string[] }, rules: string) => {
    const found: unknown[] = []
    const inputs = { ...base, policy: parsePolicy(rules, 'policy') }
    await preflight(inputs, facts, { read: () => text, annotate: f => found.push(f), policy }).catch(
      (e: Error) => expect(e.message).toMatch(/Dockerfile finding.*nothing was built/)
    )
    return found
  }
  test('pinning off: the syntax line outside the list and every policy rule, in line order', async () => {
    expect(await findings({ pinned: '', allowedSyntax: allowed }, 'strict')).toEqual([
      {
        file: 'Dockerfile',
        line: 1,
        message: "syntax 'evil.example/frontend:1' is not allowed (allowed: docker/dockerfile:*)"
      },
      expect.objectContaining({
        file: 'Dockerfile',
        line: 3,
        message: expect.stringMatching(/^no-network: /)
      }),
      expect.objectContaining({
        file: 'Dockerfile',
        line: 4,
        message: expect.stringMatching(/^no-heredocs: /)
      })
    ])
  })
  test('pinning on: the syntax line does not matter (the pin wins); policy off finds nothing', async () => {
    expect(await findings({ pinned, allowedSyntax: allowed }, 'off')).toEqual([])
  })
})

describe('preflight', () => {
  const facts = { pinned: '', allowedSyntax: ['docker/dockerfile:*'], entitlements: [] as string[] }
  const io = (files: Record<string, string>) => {
    const found: { file: string; line: number; message: string }[] = []
    return {
      found,
      read: (p: string) => files[p],
      annotate: (f: (typeof found)[number]) => found.push(f),
      policy
    }
  }
  test.each([
    ['.', '', 'Dockerfile'],
    ['app/', '', 'app/Dockerfile'],
    ['app', 'app/Containerfile', 'app/Containerfile'],
    ['https://github.com/acme/app.git', '', undefined],
    ['git:app', '', undefined],
    ['-', '', undefined]
  ])('dockerfilePath(%s, %s)', (c, f, p) => expect(dockerfilePath(c, f)).toBe(p))

  test('every finding is annotated, then one line says nothing was built', async () => {
    const x = io({ 'app/Dockerfile': '# syntax=evil/fe\nFROM --platform=linux/arm64 busybox\n' })
    await expect(
      preflight({ ...base, context: 'app', policy: parsePolicy('strict', 'policy') }, facts, x)
    ).rejects.toThrow('app/Dockerfile: 2 Dockerfile findings (see the annotations); nothing was built')
    expect(x.found.map(f => [f.file, f.line])).toEqual([
      ['app/Dockerfile', 1],
      ['app/Dockerfile', 2]
    ])
  })
  test('a clean Dockerfile passes; policy on an unreadable Dockerfile says so', async () => {
    await expect(preflight(base, facts, io({ Dockerfile: 'FROM busybox\n' }))).resolves.toEqual({
      path: 'Dockerfile'
    })
    await expect(
      preflight({ ...base, policy: parsePolicy('strict', 'policy') }, facts, io({}))
    ).rejects.toThrow('policy: cannot read the Dockerfile (Dockerfile) to check it')
  })
  test('a pin or allowed-syntax reads the own # syntax= line only: the parser is loaded for a policy', async () => {
    const x = {
      ...io({ Dockerfile: '# syntax=docker/dockerfile:1.7\nFROM a\nRUN <<EOF\necho\n' }),
      policy: jest.fn(policy)
    }
    const syntax = { ref: 'docker/dockerfile:1.7', value: 'docker/dockerfile:1.7', line: 1 }
    for (const facts of [
      { pinned, allowedSyntax: ['docker/dockerfile:*'] },
      { pinned: '', allowedSyntax: ['docker/dockerfile:*'] }
    ])
      await expect(preflight(base, facts, x)).resolves.toEqual({ path: 'Dockerfile', syntax })
    expect(x.policy).not.toHaveBeenCalled()
    // With a policy, the whole Dockerfile is parsed (and BuildKit's parse error is the preflight's).
    await expect(
      preflight({ ...base, policy: parsePolicy('strict', 'policy') }, { pinned, allowedSyntax: [] }, x)
    ).rejects.toThrow('dockerfile parse error on line 3')
    expect(x.policy).toHaveBeenCalled()
    await expect(preflight(base, { pinned: '', allowedSyntax: [] }, x)).resolves.toEqual({})
  })
})

describe('checkSyntaxDirective', () => {
  const allowed = ['docker/dockerfile:*']
  const check = (text: string, patterns = allowed) =>
    checkSyntaxDirective(parseDockerfile(text).syntax, patterns, 'app/Dockerfile')

  test('no directive: nothing to check', () => {
    expect(check('FROM a\n')).toBeUndefined()
  })
  test('an allowed frontend', () => {
    expect(check('# syntax=docker/dockerfile:1.7\nFROM a\n')).toBeUndefined()
    expect(check('# syntax=docker.io/docker/dockerfile:1 --some-arg\nFROM a\n')).toBeUndefined()
  })
  test('a frontend that is not allowed, with its line', () => {
    expect(check('# escape=`\n# syntax=evil/frontend:1\nFROM a\n')).toEqual({
      file: 'app/Dockerfile',
      line: 2,
      message: "syntax 'evil/frontend:1' is not allowed (allowed: docker/dockerfile:*)"
    })
  })
  test('// syntax= and a shebang line are found like BuildKit finds them', () => {
    expect(check('// syntax=evil/frontend\nFROM a\n')?.line).toBe(1)
    expect(check('#!/usr/bin/env x\n# syntax=evil/frontend\nFROM a\n')?.line).toBe(2)
  })
  test('an invalid reference', () => {
    expect(check('# syntax=Evil/Frontend\nFROM a\n')).toEqual({
      file: 'app/Dockerfile',
      line: 1,
      message: "syntax 'Evil/Frontend' is not a valid image reference (allowed: docker/dockerfile:*)"
    })
  })
  test('an empty list allows nothing', () => {
    expect(check('# syntax=docker/dockerfile:1\nFROM a\n', [])?.message).toBe(
      "syntax 'docker/dockerfile:1' is not allowed (allowed: none)"
    )
  })
})

describe('the pinned frontend never wins silently', () => {
  const facts = { pinned, allowedSyntax: [] }
  test('a Dockerfile naming another frontend is warned at its # syntax= line, naming both and the way out', () => {
    const plan = planFrontend(facts, {
      path: 'app/Dockerfile',
      syntax: { ref: 'docker/dockerfile:1.7-labs', value: '', line: 1 }
    })
    expect(plan.pinned).toBe(pinned)
    expect(plan.warning).toEqual({
      file: 'app/Dockerfile',
      line: 1,
      message: expect.stringMatching(
        /names the frontend docker\/dockerfile:1\.7-labs, but setup-builder pins docker\/dockerfile:1\.18\.0@sha256:a+ .*syntax: dockerfile.*syntax: none/
      )
    })
  })
  test.each([
    ['docker/dockerfile:1', true],
    ['docker/dockerfile:1.18', true],
    ['docker/dockerfile:1.18.0', true],
    [`docker.io/docker/dockerfile@sha256:${'a'.repeat(64)}`, true],
    ['docker/dockerfile:1.7-labs', false],
    ['docker/dockerfile:1.19', false],
    ['docker/dockerfile', false],
    ['docker/dockerfile-upstream:1.18.0', false],
    [`docker/dockerfile@sha256:${'b'.repeat(64)}`, false]
  ])('%s is what the pin runs: %s', (own, same) => {
    expect(sameFrontend(own, pinned)).toBe(same)
    expect(
      planFrontend(facts, { path: 'Dockerfile', syntax: { ref: own, value: own, line: 2 } }).warning ===
        undefined
    ).toBe(same)
  })
  test('no line, no pin, or nothing read: no warning', () => {
    expect(planFrontend(facts, { path: 'Dockerfile' })).toEqual({ pinned })
    expect(
      planFrontend(
        { pinned: '', allowedSyntax: [] },
        { path: 'Dockerfile', syntax: { ref: 'x/y', value: '', line: 1 } }
      )
    ).toEqual({ pinned: '' })
  })
})

describe('syntax: dockerfile', () => {
  const facts = { pinned: 'dockerfile', allowedSyntax: ['docker/dockerfile:*', 'localhost:5000/fe/*:*'] }
  test("each Dockerfile's own frontend is resolved; the default one for a Dockerfile without the line", () => {
    expect(
      planFrontend(facts, {
        path: 'Dockerfile',
        syntax: { ref: 'localhost:5000/fe/df:1', value: '', line: 1 }
      })
    ).toEqual({
      pinned: '',
      resolve: 'localhost:5000/fe/df:1'
    })
    expect(planFrontend(facts, { path: 'Dockerfile' })).toEqual({
      pinned: '',
      resolve: 'docker/dockerfile:1.18.0'
    })
    expect(planFrontend(facts, {})).toEqual({ pinned: '' })
  })
  test('the own line is still checked against allowed-syntax', async () => {
    const x = {
      found: [] as string[],
      read: () => '# syntax=evil/fe:1\nFROM a\n',
      annotate: (f: { message: string }) => x.found.push(f.message),
      policy
    }
    await expect(preflight(base, facts, x)).rejects.toThrow('Dockerfile: 1 Dockerfile finding')
    expect(x.found[0]).toMatch(/^syntax 'evil\/fe:1' is not allowed/)
    await expect(
      preflight(base, facts, { ...x, read: () => '# syntax=docker/dockerfile:1.7-labs\nFROM a\n' })
    ).resolves.toEqual({
      path: 'Dockerfile',
      syntax: { ref: 'docker/dockerfile:1.7-labs', value: 'docker/dockerfile:1.7-labs', line: 1 }
    })
  })
  test('a BUILDKIT_SYNTAX build-arg still conflicts; a build context named dockerfile does not', () => {
    expect(() => checkPinConflicts(['BUILDKIT_SYNTAX=x/y'], [], 'dockerfile')).toThrow("input 'build-args'")
    expect(() => checkPinConflicts([], ['dockerfile=./df'], 'dockerfile')).not.toThrow()
  })
})
