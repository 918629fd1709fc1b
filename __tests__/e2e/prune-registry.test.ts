// Registry prune after a real build, both bundled, through the runner emulation: the build pushes an
// image and its registry cache to one repository; prune deletes the cache it identifies and never the
// image unless registry-images asks for images.
import { summaryText } from '../helpers/refs.js'
import { rmSync } from 'node:fs'
import { Job } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { manifest, tags } from '../../test-support/registry.js'
import { cacheWorkspace } from '../helpers/cache-log.js'

const env = engineEnv()
const unique = `${Date.now()}`

describe('registry prune after build with cache: registry', () => {
  const repo = `${env.E2E_REGISTRY}/e2e/prune-images-${unique}`
  const ws = cacheWorkspace(env.E2E_BASE_IMAGE, `prune-images-${unique}`)
  const job = new Job({ env, workspace: ws.dir })
  afterAll(() => {
    job.dispose()
    rmSync(ws.dir, { recursive: true, force: true })
  })

  test('keep-tags: buildcache keeps the release image; the images are listed apart, and go only when asked', async () => {
    const built = await job.run('.', { tags: `${repo}:1.0`, push: true, cache: 'registry' })
    expect(built.errors).toEqual([])
    expect((await tags(repo)).sort()).toEqual(['1.0', 'buildcache'])

    // A second cache tag, as a pull request's build writes it: positively cache, not kept.
    ws.change('pr')
    const pr = await job.run('.', {
      tags: `${repo}:pr-12`,
      push: true,
      'cache-from': `${repo}:buildcache`,
      'cache-to': `${repo}:buildcache-pr-12`
    })
    expect(pr.errors).toEqual([])

    const inputs = { 'registry-repos': repo, 'keep-tags': 'buildcache' }
    const dry = await job.run('prune', { ...inputs, 'dry-run': true })
    expect(dry.errors).toEqual([])
    expect(dry.outputs['deleted-count']).toBe('1')
    expect(summaryText(dry.summary)).toContain(`${repo}:buildcache-pr-12@`)
    // The images are listed apart from the cache, as kept.
    const kept = /registry: \S+: 2 images kept \(registry-images is false\): (.*)/.exec(dry.stdout)?.[1]
    expect(
      kept
        ?.split(' ')
        .map(i => i.split('@')[0])
        .sort()
    ).toEqual(['1.0', 'pr-12'])

    const r = await job.run('prune', inputs)
    expect(r.errors).toEqual([])
    expect(r.outputs['deleted-count']).toBe('1')
    expect((await tags(repo)).sort()).toEqual(['1.0', 'buildcache', 'pr-12'])
    expect((await manifest(`${repo}:1.0`)).digest).toBe(built.outputs.digest)

    // Asked for images: pr-12 (not kept) goes, listed as an image; 1.0 kept by keep-tags.
    const images = { ...inputs, 'keep-tags': 'buildcache\n1.*', 'registry-images': true }
    const dryImages = await job.run('prune', { ...images, 'dry-run': true })
    expect(dryImages.errors).toEqual([])
    expect(summaryText(dryImages.summary)).toMatch(/#### images[\s\S]*:pr-12@/)
    const gone = await job.run('prune', images)
    expect(gone.errors).toEqual([])
    expect((await tags(repo)).sort()).toEqual(['1.0', 'buildcache'])
    expect((await manifest(`${repo}:1.0`)).digest).toBe(built.outputs.digest)
  })
})
