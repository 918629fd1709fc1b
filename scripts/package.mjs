// Bundles each action's entry points with ncc into dist/<action>/ (ESM; see README "Development").
// `--check` rebuilds into a temporary folder and fails when the committed dist/ differs from it.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const entries = [
  ['build', 'build/main.ts'],
  ['setup-builder', 'setup-builder/main.ts'],
  ['setup-builder/post', 'setup-builder/post.ts'],
  ['prune', 'prune/main.ts']
]
const check = process.argv.includes('--check')
const out = check ? mkdtempSync(join(tmpdir(), 'dist-')) : 'dist'
rmSync(out, { recursive: true, force: true })

for (const [name, entry] of entries) {
  execFileSync('node_modules/.bin/ncc', ['build', entry, '-o', join(out, name), '--minify', '-q'], {
    stdio: ['ignore', 'inherit', 'inherit']
  })
}

if (check) {
  const diff = spawnSync('git', ['diff', '--no-index', '--stat', 'dist', out], { encoding: 'utf8' })
  rmSync(out, { recursive: true, force: true })
  if (diff.status !== 0) {
    console.error(`dist/ is stale against the sources: run npm run package and commit dist/\n${diff.stdout}`)
    process.exit(1)
  }
  console.log('dist/ is fresh')
}
