// Two projects: unit (no Docker, fast) and e2e (real engine + registry, bundled dist through the
// runner emulation). ESM throughout, like the bundles: see README "Development".
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true }] },
  testEnvironment: 'node'
}
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/*.test.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/*.test.ts'],
      // One engine: e2e files run one at a time (jest -i is set by the npm script).
      testTimeout: 300000
    }
  ]
}
