// Bundles each action's entry points into dist/<action>/ (scripts/bundle.mjs; README "Development").
// `--check` rebuilds into a temporary folder and fails when the committed dist/ differs from it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bundle } from './bundle.mjs'

// [dist folder, entry, whether V8 compiles all of it at once]: nearly all of build's entry runs at every
// start (1.5 ms of a leg's start, measured); not setup-builder's (no gain measured) nor prune's (760 kB,
// most of it unused in a run).
const entries = [
  ['build', 'build/main.ts', true],
  ['setup-builder', 'setup-builder/main.ts'],
  ['setup-builder/post', 'setup-builder/post.ts'],
  ['prune', 'prune/main.ts']
]
const check = process.argv.includes('--check')
const out = check ? mkdtempSync(join(tmpdir(), 'dist-')) : 'dist'
rmSync(out, { recursive: true, force: true })
for (const [name, entry, eager] of entries) await bundle(entry, join(out, name), { eager })

if (check) {
  const diff = spawnSync('git', ['diff', '--no-index', '--stat', 'dist', out], { encoding: 'utf8' })
  rmSync(out, { recursive: true, force: true })
  if (diff.status !== 0) {
    console.error(`dist/ is stale against the sources: run npm run package and commit dist/\n${diff.stdout}`)
    process.exit(1)
  }
  console.log('dist/ is fresh')
}
