import { readSwitches } from '../../../build/summary/switches.js'

describe('DOCKER_BUILD_* switches', () => {
  it('default: summary, record upload, annotations on; the repository retention', () => {
    expect(readSwitches({})).toEqual({
      summary: true,
      recordUpload: true,
      retentionDays: undefined,
      checksAnnotations: true,
      problems: []
    })
    expect(readSwitches({ DOCKER_BUILD_SUMMARY: '' }).summary).toBe(true)
  })

  it.each(['0', 'f', 'F', 'false', 'FALSE', 'False'])('%s turns a switch off (Go ParseBool spellings)', v => {
    const s = readSwitches({
      DOCKER_BUILD_SUMMARY: v,
      DOCKER_BUILD_RECORD_UPLOAD: v,
      DOCKER_BUILD_CHECKS_ANNOTATIONS: v
    })
    expect([s.summary, s.recordUpload, s.checksAnnotations, s.problems]).toEqual([false, false, false, []])
  })

  it.each(['1', 't', 'T', 'true', 'TRUE', 'True'])('%s keeps it on', v => {
    expect(readSwitches({ DOCKER_BUILD_SUMMARY: v }).summary).toBe(true)
  })

  it('a value that is no boolean warns, naming the variable, and keeps the default', () => {
    const s = readSwitches({ DOCKER_BUILD_CHECKS_ANNOTATIONS: 'no' })
    expect(s.checksAnnotations).toBe(true)
    expect(s.problems).toEqual([
      'DOCKER_BUILD_CHECKS_ANNOTATIONS=no is not a boolean (true or false); using true'
    ])
  })

  it('retention days: a number (read as parseInt, as the peer), 0 the repository default, else a warning', () => {
    expect(readSwitches({ DOCKER_BUILD_RECORD_RETENTION_DAYS: '7' }).retentionDays).toBe(7)
    expect(readSwitches({ DOCKER_BUILD_RECORD_RETENTION_DAYS: '3d' }).retentionDays).toBe(3)
    expect(readSwitches({ DOCKER_BUILD_RECORD_RETENTION_DAYS: '0' }).retentionDays).toBeUndefined()
    const bad = readSwitches({ DOCKER_BUILD_RECORD_RETENTION_DAYS: 'week' })
    expect(bad.retentionDays).toBeUndefined()
    expect(bad.problems[0]).toMatch(/^DOCKER_BUILD_RECORD_RETENTION_DAYS=week is not a number of days/)
    expect(readSwitches({ DOCKER_BUILD_RECORD_RETENTION_DAYS: '-2' }).problems).toHaveLength(1)
  })
})
