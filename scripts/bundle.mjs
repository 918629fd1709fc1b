// One entry point bundled as the actions ship it: ncc, minified, CommonJS out of the ESM sources (ncc's
// CLI would emit ESM for a `"type": "module"` project). Node starts a CommonJS bundle, and loads its
// chunks, without the ES module loader's asynchronous resolve and link (`node bench/startup.mjs`).
import ncc from '@vercel/ncc'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

// webpack (in ncc) writes `import.meta.url` into a CommonJS bundle as
// `require("url").pathToFileURL(__filename).href`. In a module that declares its own `require` and
// `__filename` (@azure/storage-common's crc64.js does, for Emscripten; @actions/cache and @actions/artifact
// load it), module concatenation renames them, and those two names inside that replacement with them: the
// module would call its own variable, still undefined ("crc64_require is not a function"). Put back.
const CAPTURED_META_URL = /\b(\w+)_require\("url"\)\.pathToFileURL\(\1_filename\)\.href/g
const META_URL = 'require("url").pathToFileURL(__filename).href'
function fixMetaUrl(source) {
  const fixed = source.toString().replace(CAPTURED_META_URL, META_URL)
  // Another shape of the same capture would slip past the pattern: stop the bundling instead.
  const left = /\b\w+_require\("url"\)/.exec(fixed)
  if (left)
    throw new Error(`bundle: webpack's import.meta.url rewrite captured in a shape not mended: ${left[0]}`)
  return fixed
}

/** Bundles `entry` into `dir` (index.js, its chunks, and a package.json saying they are CommonJS). With
 * `eager`, V8 compiles all of index.js in its first parse (the `allFunctionsCalledOnLoad` hint). */
export async function bundle(entry, dir, { eager = false } = {}) {
  // No cache: ncc's cache (~/.cache/ncc) is keyed by the file, not by the module format, so an ESM build's
  // entries made this one differ (seen once, after the bundles turned CommonJS).
  const { code, assets } = await ncc(resolve(entry), { minify: true, esm: false, quiet: true, cache: false })
  mkdirSync(dir, { recursive: true })
  const main = fixMetaUrl(code)
  writeFileSync(join(dir, 'index.js'), eager ? `//# allFunctionsCalledOnLoad\n${main}` : main)
  for (const [file, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    const source = file.endsWith('.js') ? fixMetaUrl(asset.source) : asset.source
    writeFileSync(join(dir, file), source, { mode: asset.permissions })
  }
  // The project is `"type": "module"`: the bundle's folder says its .js files are CommonJS.
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n')
}
