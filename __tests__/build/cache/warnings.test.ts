import {
  DOCS,
  cacheExportWarnings,
  cacheServiceWait,
  findCacheExportFailures,
  writtenEntries
} from '../../../build/cache/warnings.js'
import { autoCacheAttrs, isEcrHost, isGcrHost } from '../../../build/cache/registries.js'
import { fixture } from '../../helpers/build.js'
import { parseProgress } from '../../../build/progress.js'
import { ECR } from '../../helpers/refs.js'
import type { CacheEntry } from '../../../build/model.js'

// fixture(): real buildx output, among it builds against a registry double that answers 400 to
// manifest PUTs, and against a registry port where nothing listens.
const LOCAL_REF = '127.0.0.1:5599/app:buildcache'
const reg = (ref: string, more: Record<string, string> = {}): CacheEntry => ({
  type: 'registry',
  attrs: { ref, mode: 'max', 'ignore-error': 'true', ...more }
})
// The same output as if the registry had been another host.
const onHost = (text: string, host: string, repo = 'app') =>
  text.replaceAll('127.0.0.1:5599/v2/app/', `${host}/v2/${repo}/`)

describe('findCacheExportFailures', () => {
  test.each(['trixie', 'sid'])('%s: the failed export vertex and its error', suite => {
    const [f, ...rest] = findCacheExportFailures(fixture(`${suite}-cache-export-400`))
    expect(rest).toEqual([])
    expect(f.exporter).toBe('exporting cache to registry')
    expect(f.error).toMatch(
      /unexpected status from PUT request to http:\/\/127.0.0.1:5599\/v2\/app\/manifests\/buildcache: 400 Bad Request/
    )
  })
  test('a successful build with a cache export has no failures', () => {
    expect(findCacheExportFailures(fixture('trixie-cold'))).toEqual([])
    expect(findCacheExportFailures(fixture('sid-cold'))).toEqual([])
  })
  test('a failed RUN or image export is not a cache export failure', () => {
    expect(findCacheExportFailures(fixture('sid-error'))).toEqual([])
    expect(findCacheExportFailures(fixture('trixie-export-error'))).toEqual([])
  })
  test('without plain progress: the final error line', () => {
    const out = [
      ' => ERROR exporting cache                                   5.4s',
      'ERROR: failed to solve: error writing manifest blob: failed commit on ref "sha256:4687": unexpected status: 400 Bad Request'
    ]
    expect(findCacheExportFailures(out)).toEqual([
      {
        exporter: '',
        error:
          'error writing manifest blob: failed commit on ref "sha256:4687": unexpected status: 400 Bad Request',
        lines: []
      }
    ])
  })
  test('old BuildKit wraps the error in an rpc error', () => {
    const out =
      'error: failed to solve: rpc error: code = Unknown desc = error writing manifest blob: x: 400 Bad Request'
    expect(findCacheExportFailures(out)[0].error).toBe('error writing manifest blob: x: 400 Bad Request')
  })
  test('other final errors are ignored', () => {
    expect(
      findCacheExportFailures('ERROR: failed to solve: failed to push r/app:1: unexpected status: 401')
    ).toEqual([])
  })
})

describe('cacheExportWarnings', () => {
  test('trixie (BuildKit writes an index): a 400 on the manifest means the registry rejects manifest lists', () => {
    const [w] = cacheExportWarnings(fixture('trixie-cache-export-400'), [reg(LOCAL_REF)])
    expect(w).toMatchObject({ quirk: 'manifest-list', target: LOCAL_REF, docs: DOCS.registry })
    expect(w.message).toMatch(
      /^Cache export to 127.0.0.1:5599\/app:buildcache failed \(error writing manifest blob: .*400 Bad Request\); the image is not affected\. The registry rejected the cache manifest list \(an OCI index\): set image-manifest=true,oci-mediatypes=true on the cache-to entry\. See https:\/\/docs.docker.com\/build\/cache\/backends\/registry\/$/
    )
  })
  test('sid (BuildKit >= 0.21 writes an image manifest): the same 400 is not the manifest-list quirk', () => {
    const [w] = cacheExportWarnings(fixture('sid-cache-export-400'), [reg(LOCAL_REF)])
    expect(w.quirk).toBe('generic')
    expect(w.message).not.toContain('\n')
  })
  test('an index export with image-manifest=true set is not blamed on the manifest list', () => {
    const [w] = cacheExportWarnings(fixture('trixie-cache-export-400'), [
      reg(LOCAL_REF, { 'image-manifest': 'true' })
    ])
    expect(w.quirk).toBe('generic')
  })
  test.each(['trixie', 'sid'])('%s: an unreachable registry', suite => {
    const [w] = cacheExportWarnings(fixture(`${suite}-cache-export-failed`), [
      reg('127.0.0.1:9/app:buildcache')
    ])
    expect(w).toMatchObject({ quirk: 'unreachable', target: '127.0.0.1:9/app:buildcache' })
    expect(w.message).toMatch(/127.0.0.1:9 could not be reached from the builder/)
  })
  test('ECR without OCI image manifest', () => {
    const ref = `${ECR}/app:buildcache`
    const [w] = cacheExportWarnings(onHost(fixture('trixie-cache-export-400'), ECR), [reg(ref)])
    expect(w).toMatchObject({ quirk: 'ecr', target: ref, docs: DOCS.ecr })
    expect(w.message).toMatch(
      /Amazon ECR takes BuildKit cache only as an OCI image manifest: set image-manifest=true,oci-mediatypes=true/
    )
  })
  test('ECR with oci-mediatypes=false set by the user', () => {
    const ref = `${ECR}/app:buildcache`
    const entry = reg(ref, { 'oci-mediatypes': 'false' })
    expect(cacheExportWarnings(onHost(fixture('sid-cache-export-400'), ECR), [entry])[0].quirk).toBe('ecr')
  })
  test('ECR, final error only (as reported in docker/build-push-action#858)', () => {
    const out =
      'ERROR: failed to solve: error writing manifest blob: failed commit on ref "sha256:46": unexpected status: 400 Bad Request'
    const [w] = cacheExportWarnings(out, [reg(`${ECR}/app:cache`)])
    expect(w).toMatchObject({ quirk: 'ecr', target: `${ECR}/app:cache` })
  })
  test('ECR with image manifest and a missing repository', () => {
    const ref = `${ECR}/app:cache`
    const out = `#9 exporting cache to registry\n#9 writing cache image manifest sha256:1 done\n#9 ERROR: error writing manifest blob: unexpected status from PUT request to https://${ECR}/v2/app/manifests/cache: 404 Not Found`
    const entry = reg(ref, { 'image-manifest': 'true', 'oci-mediatypes': 'true' })
    expect(cacheExportWarnings(out, [entry])[0]).toMatchObject({ quirk: 'ecr-repository', docs: DOCS.ecr })
  })
  test.each(['gcr.io', 'eu.gcr.io', 'us.gcr.io'])('GCR (%s)', host => {
    const ref = `${host}/proj/app:buildcache`
    const [w] = cacheExportWarnings(onHost(fixture('trixie-cache-export-400'), host, 'proj/app'), [
      reg('ghcr.io/other/app:buildcache'),
      reg(ref)
    ])
    expect(w).toMatchObject({ quirk: 'gcr', target: ref })
    expect(w.message).toMatch(/Artifact Registry \(<region>-docker.pkg.dev\)/)
  })
  test('GHCR and others: a 403 is a permissions problem', () => {
    const out = `#9 exporting cache to registry\n#9 ERROR: error writing layer blob: failed to do request: Head "https://ghcr.io/v2/acme/app/blobs/sha256:1": 403 Forbidden`
    const [w] = cacheExportWarnings(out, [reg('ghcr.io/acme/app:buildcache')])
    expect(w).toMatchObject({ quirk: 'unauthorized', target: 'ghcr.io/acme/app:buildcache' })
    expect(w.message).toMatch(/packages: write/)
  })
  test('with several registry exports the URL picks the entry', () => {
    const out = onHost(fixture('trixie-cache-export-400'), 'r2.example')
    const entries = [reg('r1.example/app:buildcache'), reg('r2.example/app:buildcache')]
    expect(cacheExportWarnings(out, entries)[0].target).toBe('r2.example/app:buildcache')
  })
  test('Docker Hub refs match registry-1.docker.io URLs', () => {
    const out = onHost(fixture('trixie-cache-export-400'), 'registry-1.docker.io', 'library/app')
    const entries = [reg('other:buildcache'), reg('app:buildcache')]
    expect(cacheExportWarnings(out, entries)[0].target).toBe('app:buildcache')
  })
  test('no matching entry: the ref comes from the URL', () => {
    const [w] = cacheExportWarnings(fixture('trixie-cache-export-400'), [])
    expect(w.target).toBe(LOCAL_REF)
  })
  test('gha on the retired cache service', () => {
    const out =
      'ERROR: failed to solve: This legacy service is shutting down, effective April 15, 2025. Migrate to the new service ASAP. For more information: https://gh.io/gha-cache-sunset'
    const [w] = cacheExportWarnings(out, [{ type: 'gha', attrs: { scope: 's', mode: 'max' } }])
    expect(w).toMatchObject({ quirk: 'gha-service', target: 'type=gha', docs: DOCS.gha })
    expect(w.message).toMatch(/buildx >= 0.21 and BuildKit >= 0.20/)
  })
  test('gha, other errors', () => {
    const out =
      '#9 exporting to GitHub Actions Cache\n#9 ERROR: failed to upload blob: 500 Internal Server Error'
    expect(cacheExportWarnings(out, [])[0]).toMatchObject({
      quirk: 'generic',
      target: 'type=gha',
      docs: DOCS.gha
    })
  })
  test('local', () => {
    const out = '#9 exporting cache to client directory\n#9 ERROR: mkdir /ro/cache: read-only file system'
    expect(cacheExportWarnings(out, [])[0]).toMatchObject({
      quirk: 'generic',
      target: 'type=local',
      docs: DOCS.local
    })
  })
  test('nothing failed, nothing to say', () => {
    expect(cacheExportWarnings(fixture('sid-warm'), [reg(LOCAL_REF)])).toEqual([])
  })
})

describe('writtenEntries: what the report may call written', () => {
  const gha: CacheEntry = { type: 'gha', attrs: { scope: 's', mode: 'max' } }
  const inline: CacheEntry = { type: 'inline', attrs: {} }
  const written = (out: string, cacheTo: CacheEntry[], built = true) =>
    writtenEntries(cacheTo, cacheExportWarnings(out, cacheTo), built)

  test('every entry when no export failed', () => {
    const cacheTo = [reg(LOCAL_REF), gha, inline]
    expect(written(fixture('sid-warm'), cacheTo)).toEqual(cacheTo)
  })
  test('a registry export that failed is left out; the others stay', () => {
    const other = reg('r1.example/app:buildcache')
    expect(written(fixture('trixie-cache-export-400'), [other, reg(LOCAL_REF), gha, inline])).toEqual([
      other,
      gha,
      inline
    ])
  })
  test('a registry failure no entry matches: no registry entry is claimed', () => {
    const out = onHost(fixture('sid-cache-export-400'), 'r3.example')
    expect(written(out, [reg('r1.example/app:c'), reg('r2.example/app:c'), gha])).toEqual([gha])
  })
  test('a gha failure leaves the registry entry', () => {
    const out =
      '#9 exporting to GitHub Actions Cache\n#9 ERROR: failed to upload blob: 500 Internal Server Error'
    expect(written(out, [reg(LOCAL_REF), gha])).toEqual([reg(LOCAL_REF)])
  })
  test('an export failure of unknown type: only inline (it goes with the image) is claimed', () => {
    const out = 'ERROR: failed to solve: error writing layer blob: 500 Internal Server Error'
    const local: CacheEntry = { type: 'local', attrs: { dest: '/c' } }
    expect(written(out, [gha, local, inline])).toEqual([inline])
  })
  test('a failed build wrote no cache', () => {
    expect(written(fixture('sid-error'), [reg(LOCAL_REF), inline], false)).toEqual([])
  })
})

describe('cacheServiceWait: BuildKit backing off from the GitHub cache service', () => {
  const steps = (text: string) => parseProgress(text)
  test('a gha import that waited (three 429s from the services double): one warning with the time', () => {
    expect(cacheServiceWait(steps(fixture('sid-gha-429')))).toMatch(
      /^cache: gha: BuildKit waited 7\.0 s on the GitHub cache service \(importing cache manifest from gha:\d+\): the service limits requests \(429\) and BuildKit backs off, for minutes when that repeats\. /
    )
  })
  test("a build's usual cache steps, or an export whose time is its own layers' writing: none", () => {
    expect(cacheServiceWait(steps(fixture('sid-warm')))).toBeUndefined()
    const upload = [
      '#9 exporting to GitHub Actions Cache',
      '#9 preparing build cache for export 0.0s done',
      `#9 writing layer sha256:${'a'.repeat(64)} 41.5s done`,
      `#9 writing layer sha256:${'b'.repeat(64)} 3.2s done`,
      '#9 DONE 46.0s'
    ].join('\n')
    expect(cacheServiceWait(steps(upload))).toBeUndefined()
    expect(cacheServiceWait(steps(upload.replace('46.0s', '52.0s')))).toMatch(
      /^cache: gha: BuildKit waited 7\.3 s /
    )
  })
})

describe('autoCacheAttrs', () => {
  test('an ECR cache gets OCI image manifest attributes', () => {
    expect(autoCacheAttrs(reg(`${ECR}/app:cache`)).attrs).toEqual({
      ref: `${ECR}/app:cache`,
      mode: 'max',
      'ignore-error': 'true',
      'oci-mediatypes': 'true',
      'image-manifest': 'true'
    })
  })
  test('what the user set is kept', () => {
    const e = reg(`${ECR}/app:cache`, { 'image-manifest': 'false' })
    expect(autoCacheAttrs(e).attrs).toMatchObject({ 'image-manifest': 'false', 'oci-mediatypes': 'true' })
    const f = reg(`${ECR}/app:cache`, { 'oci-mediatypes': 'false' })
    expect(autoCacheAttrs(f).attrs).toEqual(f.attrs)
  })
  test('the input is not modified', () => {
    const e = reg(`${ECR}/app:cache`)
    autoCacheAttrs(e)
    expect(e.attrs['image-manifest']).toBeUndefined()
  })
  test.each([
    'ghcr.io/a/b:c',
    'docker.io/a/b:c',
    'localhost:5000/a:c',
    'europe-docker.pkg.dev/p/r/a:c',
    'public.ecr.aws/a/b:c'
  ])('other registries are left alone: %s', ref => {
    const e = reg(ref)
    expect(autoCacheAttrs(e)).toBe(e)
  })
  test('other types are left alone', () => {
    const e: CacheEntry = { type: 'gha', attrs: {} }
    expect(autoCacheAttrs(e)).toBe(e)
  })
})

describe('hosts', () => {
  test('ECR hosts', () => {
    expect(isEcrHost(ECR)).toBe(true)
    expect(isEcrHost('123456789012.dkr.ecr-fips.us-east-1.amazonaws.com')).toBe(true)
    expect(isEcrHost('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn')).toBe(true)
    expect(isEcrHost('public.ecr.aws')).toBe(false)
    expect(isEcrHost('dkr.ecr.eu-west-1.amazonaws.com.evil.example')).toBe(false)
  })
  test('GCR hosts', () => {
    expect(isGcrHost('gcr.io')).toBe(true)
    expect(isGcrHost('asia.gcr.io')).toBe(true)
    expect(isGcrHost('europe-docker.pkg.dev')).toBe(false)
    expect(isGcrHost('notgcr.io')).toBe(false)
  })
})
