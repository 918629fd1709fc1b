import {
  exportArgs,
  exportSupport,
  metadataRef,
  parseBuildRef,
  parseRecordState,
  recordFileName,
  secretsHoldUpload,
  uploadBlocker,
  uploadDeadlineMs
} from '../../../build/summary/record-plan.js'

describe('the build record, planned', () => {
  it('finds the ref in the metadata (buildx.build.ref: builder/node/ref)', () => {
    expect(metadataRef({ 'buildx.build.ref': 'default/default/m8ovgv7eo72kzek0037smkexi' })).toEqual({
      builder: 'default',
      node: 'default',
      ref: 'm8ovgv7eo72kzek0037smkexi'
    })
    expect(metadataRef({})).toBeUndefined()
    expect(parseBuildRef('a/b')).toBeUndefined()
  })

  it('history export from buildx 0.23; --finalize from 0.24, a 3 s wait on 0.23', () => {
    expect(exportSupport('0.13.1')).toEqual({ export: false })
    expect(exportSupport('0.22.9')).toEqual({ export: false })
    expect(exportSupport('0.23.0')).toEqual({ export: true, finalize: false, waitMs: 3000 })
    expect(exportSupport('0.29.1')).toEqual({ export: true, finalize: true, waitMs: 0 })
    expect(exportSupport('1.0.0')).toEqual({ export: true, finalize: true, waitMs: 0 })
  })

  it('names the file as the peer: owner~repo~REF6.dockerbuild', () => {
    expect(recordFileName('acme/app', 'm8ovgv7eo72k')).toBe('acme~app~M8OVGV.dockerbuild')
    expect(exportArgs({ builder: 'b', node: 'b0', ref: 'r1' }, '/tmp/x.dockerbuild', true)).toEqual([
      'buildx',
      'history',
      'export',
      '--builder',
      'b',
      '--output',
      '/tmp/x.dockerbuild',
      '--finalize',
      'r1'
    ])
  })

  it('reads back the state the main step saved', () => {
    const s = { ref: 'b/n/r', image: 'x', upload: true, retentionDays: 2 }
    expect(parseRecordState(JSON.stringify(s))).toEqual(s)
    expect(parseRecordState('')).toBeUndefined()
    expect(parseRecordState('{"ref":"nope"}')).toBeUndefined()
  })

  it('uploads only with the artifact service, and not on GHES', () => {
    const ok = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/' }
    expect(uploadBlocker(ok)).toBeUndefined()
    expect(uploadBlocker({ ...ok, GITHUB_SERVER_URL: 'https://acme.ghe.com' })).toBeUndefined()
    expect(uploadBlocker({})).toMatch(/no artifact service/)
    expect(uploadBlocker({ ...ok, GITHUB_SERVER_URL: 'https://git.acme.internal' })).toMatch(
      /Enterprise Server/
    )
  })
})

test('build secrets hold the upload back unless DOCKER_BUILD_RECORD_UPLOAD=true says otherwise', () => {
  expect(secretsHoldUpload({})).toBeUndefined()
  expect(secretsHoldUpload({ INPUT_SECRETS: '  ' })).toBeUndefined()
  for (const input of ['INPUT_SECRETS', 'INPUT_SECRET-ENVS', 'INPUT_SECRET-FILES']) {
    const name = input.slice('INPUT_'.length).toLowerCase()
    expect(secretsHoldUpload({ [input]: 'id=x' })).toBe(
      `the build was given ${name}, and a secret a RUN step prints is masked in the log but not in the record; set DOCKER_BUILD_RECORD_UPLOAD=true to upload it anyway`
    )
    expect(secretsHoldUpload({ [input]: 'id=x', DOCKER_BUILD_RECORD_UPLOAD: 'true' })).toBeUndefined()
    expect(secretsHoldUpload({ [input]: 'id=x', DOCKER_BUILD_RECORD_UPLOAD: '1' })).toBeUndefined()
    expect(secretsHoldUpload({ [input]: 'id=x', DOCKER_BUILD_RECORD_UPLOAD: '' })).toBeDefined()
  }
  expect(secretsHoldUpload({ INPUT_SECRETS: 'a=1', 'INPUT_SECRET-FILES': 'b=/f' })).toMatch(
    /^the build was given secrets, secret-files, /
  )
})

test('the upload waits 5 s for the service plus the record at 1 MB/s', () => {
  expect(uploadDeadlineMs(0)).toBe(5000)
  expect(uploadDeadlineMs(12_300)).toBe(5013)
  expect(uploadDeadlineMs(100_000_000)).toBe(105_000)
})
