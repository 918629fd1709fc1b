// setup-builder with the docker driver reads the context's builder from the engine (setup-builder/engine-api.ts),
// not from a `buildx inspect` process: held against what that buildx says about the same builder, on
// each engine and buildx the suite tests (trixie, sid, sid-buildx; the runner engine's classic store).
import { execFileSync } from 'node:child_process'
import { Job } from '../../../test-support/runner.mjs'
import { dockerSpy } from '../../../test-support/docker-spy.mjs'
import type { EngineEnv } from '../../../test-support/engine.js'
import { mainPlatforms, parseInspect } from '../../../lib/buildx.js'
import { nodeOutput } from '../../../setup-builder/nodes.js'

export function dockerDriverTests(env: EngineEnv): void {
  const buildx = (...args: string[]) =>
    execFileSync('docker', ['buildx', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' })

  test('driver: docker: the outputs are what buildx inspect says, with no buildx inspect run', async () => {
    const spy = dockerSpy(env)
    const job = new Job({ env })
    const r = await job.run('setup-builder', { driver: 'docker', syntax: 'none' }, { env: spy.env })
    const calls = spy.take()
    spy.dispose()
    job.dispose()
    expect(r.errors).toEqual([])
    expect(calls.filter((c: string) => / inspect/.test(c))).toEqual([])

    const said = parseInspect(buildx('inspect', r.outputs.name))
    expect(r.outputs.name).toBe(said.name)
    expect(r.outputs.driver).toBe('docker')
    expect(r.outputs.platforms).toBe(mainPlatforms(said.nodes).join(','))
    expect(r.outputs['buildkit-version']).toBe(said.nodes[0].buildkitVersion)
    expect(JSON.parse(r.outputs.nodes)).toEqual(said.nodes.map(nodeOutput))
    expect(JSON.parse(job.env.BUILD_SUITE_BUILDER_FACTS ?? '{}')).toEqual({
      builder: said.name,
      driver: 'docker',
      platforms: mainPlatforms(said.nodes)
    })
  })

  test('driver: docker on an engine it cannot ask plainly (DOCKER_HOST over TCP): buildx inspect answers', async () => {
    const spy = dockerSpy(env)
    const job = new Job({ env })
    // The engine is not on TCP: buildx fails as it would, and the step says so in one line.
    const r = await job.run(
      'setup-builder',
      { driver: 'docker', syntax: 'none' },
      { env: { ...spy.env, DOCKER_HOST: 'tcp://127.0.0.1:9' } }
    )
    const calls = spy.take()
    spy.dispose()
    job.dispose()
    expect(r.code).toBe(1)
    expect(calls.filter((c: string) => / inspect/.test(c))).not.toEqual([])
    expect(r.errors).toHaveLength(1)
  })
}
