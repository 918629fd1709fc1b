// The peer the bench compares setup-builder with: docker/setup-buildx-action, assembled from its source
// in bench/peer/setup-buildx-action/ (see NOTICE there) as its own release build does it: its
// dependencies at the ranges its package.json pins, from the npm registry, bundled with ncc --minify.
// The result, .build/peer/setup-buildx-action/{action.yml,dist/index.js}, is an action folder the runner
// emulation runs like ours (one bundle for main and post, as upstream's action.yml says); it is rebuilt
// only when the sources change.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { repoRoot } from '../test-support/engine.mjs'

const source = join(repoRoot, 'bench/peer/setup-buildx-action')
const out = join(repoRoot, '.build/peer/setup-buildx-action')
const files = ['action.yml', 'package.json', 'src/main.ts', 'src/context.ts', 'src/state-helper.ts']
// Not upstream's (its tsconfig is not kept here): what its sources need to compile as CommonJS, as
// its ncc build does (catch (e) reads e.message: no unknown catch variables).
const tsconfig = {
  compilerOptions: {
    target: 'es2022',
    module: 'commonjs',
    esModuleInterop: true,
    strict: true,
    noImplicitAny: false,
    useUnknownInCatchVariables: false,
    skipLibCheck: true
  },
  include: ['src']
}

/** What keeps the peer from being built (its sources are not part of the repository), or undefined. */
export function peerMissing() {
  const missing = files.filter(f => !existsSync(join(source, f)))
  return missing.length
    ? `peer sources missing in ${relative(repoRoot, source)}: ${missing.join(', ')} (see NOTICE)`
    : undefined
}

/** Builds the peer if its sources changed; returns its action folder (relative to the repository, as
 * Job.run takes it) and the bundle its main and post steps run. */
export function peerSetupBuildx() {
  const missing = peerMissing()
  if (missing) throw new Error(missing)
  const hash = createHash('sha256')
  for (const f of files) hash.update(`${f}\0${readFileSync(join(source, f))}\0`)
  hash.update(JSON.stringify(tsconfig))
  const key = hash.digest('hex')
  const stamp = join(out, '.stamp')
  const bundle = join(out, 'dist/index.js')
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== key || !existsSync(bundle)) {
    const t0 = Date.now()
    rmSync(out, { recursive: true, force: true })
    mkdirSync(out, { recursive: true })
    for (const f of ['action.yml', 'package.json']) copyFileSync(join(source, f), join(out, f))
    cpSync(join(source, 'src'), join(out, 'src'), { recursive: true })
    writeFileSync(join(out, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
    const run = (cmd, args) => execFileSync(cmd, args, { cwd: out, stdio: ['ignore', 'pipe', 'inherit'] })
    // Its runtime dependencies only: the dev ones lint and test upstream's tree. No install scripts.
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save'])
    const ncc = join(repoRoot, 'node_modules/.bin/ncc')
    run(ncc, ['build', 'src/main.ts', '-o', 'dist', '--minify', '-q'])
    writeFileSync(stamp, key)
    console.log(`peer setup-buildx-action bundled in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  }
  const meta = parseYaml(readFileSync(join(out, 'action.yml'), 'utf8'))
  return {
    action: relative(repoRoot, out),
    main: join(out, meta.runs.main),
    post: join(out, meta.runs.post),
    versions: installed(['@docker/actions-toolkit', '@actions/core', 'js-yaml'])
  }
}

/** `name@version` of the given dependencies as npm resolved them. */
function installed(names) {
  return names.map(
    n => `${n}@${JSON.parse(readFileSync(join(out, 'node_modules', n, 'package.json'))).version}`
  )
}

// `node bench/peer.mjs`: assemble it alone and print where it is.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const p = peerSetupBuildx()
  console.log(`${p.main} (${p.versions.join(', ')})`)
}
