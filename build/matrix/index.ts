// The matrix steps after a build or instead of one, loaded on demand as one chunk of the bundle (they
// share the registry client): a leg's push by digest and hand-off, and the merge job.
export { claimLeg, handOffLeg, publishLeg, stageLeg, type HandOff, type Published } from './leg.js'
export { mergeLegs } from './merge.js'
export { checkStoredLeg } from './builder-store.js'
