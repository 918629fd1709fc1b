import { parseArch } from '../../../lib/arch.js'
import {
  checkLegPlatform,
  exportedLegFacts,
  legRepositories,
  planLegOutput
} from '../../../build/matrix/leg-plan.js'
import { amd64, arm64 } from '../../helpers/build.js'

describe('legs', () => {
  const facts = { builder: 'b', driver: 'docker-container', platforms: ['linux/amd64', 'linux/386'] }
  test('a platform the builder cannot run fails with the fix', () => {
    expect(() => checkLegPlatform(arm64, facts)).toThrow(
      "arch arm64v8: the builder b cannot run linux/arm64/v8 (it runs linux/amd64, linux/386); register its emulator with setup-builder's `platforms: linux/arm64` (QEMU), or run this leg on a arm64 runner"
    )
    expect(() => checkLegPlatform(parseArch('windows-amd64', 'arch'), facts)).toThrow(
      'run this leg on a windows runner'
    )
    expect(() => checkLegPlatform(amd64, facts)).not.toThrow()
    expect(() =>
      checkLegPlatform(arm64, { ...facts, platforms: ['linux/amd64', 'linux/arm64'] })
    ).not.toThrow()
    expect(() => checkLegPlatform(arm64, { ...facts, platforms: [] })).not.toThrow()
  })
  test('push by digest: natively, or an OCI layout on the docker driver', () => {
    expect(legRepositories(['r/app:1', 'r/app:latest', 'q/app:1'])).toEqual(['r/app', 'q/app'])
    expect(planLegOutput('docker-container', ['r/app'], '/w/oci')).toEqual({
      output: 'type=image,name=r/app,push-by-digest=true,name-canonical=true,push=true'
    })
    expect(planLegOutput('remote', ['r/app', 'q/app'], '/w/oci').output).toBe(
      'type=image,"name=r/app,q/app",push-by-digest=true,name-canonical=true,push=true'
    )
    expect(planLegOutput('docker', ['r/app'], '/w/oci')).toEqual({
      output: 'type=oci,dest=/w/oci,tar=false',
      layout: '/w/oci'
    })
  })
})

describe('exportedLegFacts: what setup-builder said about its builder, instead of inspecting it', () => {
  const facts = { builder: 'b1', driver: 'docker-container', platforms: ['linux/amd64', 'linux/arm64'] }
  const json = JSON.stringify(facts)
  test("taken for that builder when it lists the leg's platform", () => {
    expect(exportedLegFacts(json, 'b1', arm64)).toEqual(facts)
  })
  test('not for another builder, nor for a platform it does not list (an emulator may be registered since)', () => {
    expect(exportedLegFacts(json, 'other', arm64)).toBeUndefined()
    expect(exportedLegFacts(json, '', arm64)).toBeUndefined()
    expect(exportedLegFacts(json, 'b1', parseArch('ppc64le', 'arch'))).toBeUndefined()
  })
  test('none exported, or not what setup-builder writes: read from the builder', () => {
    expect(exportedLegFacts(undefined, 'b1', amd64)).toBeUndefined()
    expect(exportedLegFacts('{not json', 'b1', amd64)).toBeUndefined()
    expect(exportedLegFacts(JSON.stringify({ builder: 'b1', driver: 'docker' }), 'b1', amd64)).toBeUndefined()
  })
})
