import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.build/', 'coverage/', 'bench/peer/setup-buildx-action/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' }
    },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] }
  },
  // The log door: the actions write to stdout and stderr only through lib/runtime.ts, which guards
  // every line of text so that none runs as a workflow command.
  {
    files: ['lib/**/*.ts', 'build/**/*.ts', 'setup-builder/**/*.ts', 'prune/**/*.ts'],
    ignores: ['lib/runtime.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['stdout', 'stderr'].map(property => ({
          object: 'process',
          property,
          message:
            'Log through lib/runtime.ts (info, warning, writeLog): the log door guards workflow commands.'
        })),
        { object: 'console', message: 'Log through lib/runtime.ts (info, warning, writeLog).' }
      ],
      'no-restricted-globals': ['error', { name: 'console', message: 'Log through lib/runtime.ts.' }]
    }
  }
)
