// What the main step hands to its post step (saved as state, read back as STATE_<name>), typed.
import { getState, saveState } from '../lib/runtime.js'

const CREATED_BUILDER = 'created-builder'

/** The builder the main step created, for the post step to remove (never one it only selected). */
export const state = {
  get createdBuilder(): string {
    return getState(CREATED_BUILDER)
  },
  set createdBuilder(name: string) {
    saveState(CREATED_BUILDER, name)
  }
}
