import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkConfigs, checkToml } from '../../setup-builder/builder.js'
import { parse } from '../helpers/setup-builder.js'

describe('buildkitd.toml is parsed before anything runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bk-config-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('valid TOML passes', async () => {
    await expect(
      checkToml('[worker.oci]\n  max-parallelism = 2', 'buildkitd-config-inline')
    ).resolves.toBeUndefined()
  })
  test.each([
    ['[[[', "input 'buildkitd-config-inline': got '[[['; accepted: buildkitd.toml content in TOML ("],
    [
      'debug = true\ndebug = false',
      "input 'buildkitd-config-inline': got 'debug = true\\ndebug = false'; accepted: buildkitd.toml content in TOML"
    ]
  ])('%j fails in one line naming the input', async (text, message) => {
    await expect(checkConfigs(parse({ 'buildkitd-config-inline': text }), [])).rejects.toThrow(message)
  })
  test('a file: missing, or not TOML, fails naming the input and the path', async () => {
    const bad = join(dir, 'bad.toml')
    writeFileSync(bad, 'debug = ')
    await expect(checkConfigs(parse({ 'buildkitd-config': join(dir, 'none.toml') }), [])).rejects.toThrow(
      `input 'buildkitd-config': got '${join(dir, 'none.toml')}'; accepted: a readable buildkitd.toml file (ENOENT)`
    )
    await expect(checkConfigs(parse({ 'buildkitd-config': bad }), [])).rejects.toThrow(
      `input 'buildkitd-config': got '${bad}'; accepted: buildkitd.toml content in TOML`
    )
  })
  test("an append node's file is checked too", async () => {
    const node = { name: 'n', endpoint: '', driverOpts: [], buildkitdFlags: '', platforms: [], granted: [] }
    await expect(
      checkConfigs(parse({}), [{ ...node, buildkitdConfig: join(dir, 'gone.toml') }])
    ).rejects.toThrow("input 'append'")
  })
})
