// What the main step hands to its post step (saved as state, read back as STATE_<name>), typed.
// Each is saved only once what it names exists: the post step removes nothing it did not create.
import { getState, saveState } from '../lib/runtime.js'

const CREATED_BUILDER = 'created-builder'
const KEEP_STATE = 'keep-state'
const FILES_DIR = 'files-dir'

export const state = {
  /** The builder the main step created, for the post step to remove (never one it only selected). */
  get createdBuilder(): string {
    return getState(CREATED_BUILDER)
  },
  set createdBuilder(name: string) {
    saveState(CREATED_BUILDER, name)
  },
  /** keep-state: the removal keeps the builder's state volume. */
  get keepState(): boolean {
    return getState(KEEP_STATE) === 'true'
  },
  set keepState(keep: boolean) {
    saveState(KEEP_STATE, String(keep))
  },
  /** The folder of files the main step wrote for the builder (configuration, TLS certificates). */
  get filesDir(): string {
    return getState(FILES_DIR)
  },
  set filesDir(dir: string) {
    saveState(FILES_DIR, dir)
  }
}
