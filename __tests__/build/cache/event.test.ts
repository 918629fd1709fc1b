import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readCacheEvent } from '../../../build/cache/event.js'

describe('readCacheEvent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-'))
  const payload = (p: object) => {
    const f = join(dir, `${Math.random()}.json`)
    writeFileSync(f, JSON.stringify(p))
    return f
  }
  test('a push', () => {
    expect(readCacheEvent({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' })).toEqual({
      name: 'push',
      ref: 'refs/heads/main'
    })
  })
  test('a pull request: number and base from the payload', () => {
    const path = payload({ number: 7, pull_request: { number: 7, base: { ref: 'develop' } } })
    expect(
      readCacheEvent({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: path,
        GITHUB_REF: 'refs/pull/7/merge'
      })
    ).toEqual({ name: 'pull_request', prNumber: 7, baseRef: 'develop', ref: 'refs/pull/7/merge' })
  })
  test('GITHUB_BASE_REF wins; without a payload the ref tells the number', () => {
    expect(
      readCacheEvent({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(dir, 'missing.json'),
        GITHUB_REF: 'refs/pull/12/merge',
        GITHUB_BASE_REF: 'main'
      })
    ).toEqual({ name: 'pull_request', prNumber: 12, baseRef: 'main', ref: 'refs/pull/12/merge' })
  })
  test('a payload that is not JSON is ignored', () => {
    const f = join(dir, 'bad.json')
    writeFileSync(f, '{')
    expect(readCacheEvent({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: f })).toEqual({
      name: 'pull_request_target'
    })
  })
})
