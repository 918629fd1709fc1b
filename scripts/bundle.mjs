// One entry point bundled as the actions ship it: ncc, minified, CommonJS out of the ESM sources (ncc's
// CLI would emit ESM for a `"type": "module"` project). Node starts a CommonJS bundle, and loads its
// chunks, without the ES module loader's asynchronous resolve and link (`node bench/startup.mjs`).
import ncc from '@vercel/ncc'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** Bundles `entry` into `dir` (index.js, its chunks, and a package.json saying they are CommonJS). With
 * `eager`, V8 compiles all of index.js in its first parse (the `allFunctionsCalledOnLoad` hint). */
export async function bundle(entry, dir, { eager = false } = {}) {
  // No cache: ncc's cache (~/.cache/ncc) is keyed by the file, not by the module format, so an ESM build's
  // entries made this one differ (seen once, after the bundles turned CommonJS).
  const { code, assets } = await ncc(resolve(entry), { minify: true, esm: false, quiet: true, cache: false })
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'index.js'), eager ? `//# allFunctionsCalledOnLoad\n${code}` : code)
  for (const [file, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), asset.source, { mode: asset.permissions })
  }
  // The project is `"type": "module"`: the bundle's folder says its .js files are CommonJS.
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n')
}
