// Four projects: unit (no Docker, fast), e2e (real engine + registry, bundled dist through the
// runner emulation), e2e-runner (the same on an engine set up like a GitHub-hosted runner's) and e2e-act
// (the example workflows run by nektos/act). ESM throughout, like the bundles: see README "Development".
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testEnvironment: 'node'
}
export default {
  // Real builds take seconds to minutes; unit tests never come near this.
  testTimeout: 300000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/__tests__/e2e/']
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/*.test.ts']
    },
    {
      ...common,
      // The hosted-runner path (classic store, docker-container builders): on the runner engine only.
      displayName: 'e2e-runner',
      testMatch: ['<rootDir>/__tests__/e2e/runner/*.test.ts']
    },
    {
      ...common,
      // The example workflows run by nektos/act (scripts/tools.sh installs it and Node 24).
      displayName: 'e2e-act',
      testMatch: ['<rootDir>/__tests__/e2e/act/*.test.ts']
    }
  ]
}
