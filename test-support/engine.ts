// TypeScript tests import the engine helpers from here; the implementation is plain ESM so that the
// demo (plain node) can use it too.
export { engineEnv, engineUp, repoRoot } from './engine.mjs'
export type { EngineEnv } from './engine.mjs'
