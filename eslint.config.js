import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** fs calls that create, write or move (each also as …Sync): lib/files.ts alone makes them. */
const FS_WRITES = [
  'writeFile',
  'appendFile',
  'mkdir',
  'rename',
  'cp',
  'copyFile',
  'symlink',
  'link',
  'open',
  'write',
  'writev',
  'truncate',
  'chmod',
  'chown'
]

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
  },
  // The file door: the actions create, write, append, move and make folders only through lib/files.ts,
  // which never writes through a planted link and writes only into a folder the step made.
  {
    files: ['lib/**/*.ts', 'build/**/*.ts', 'setup-builder/**/*.ts', 'prune/**/*.ts'],
    ignores: ['lib/files.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'node:fs'].map(name => ({
            name,
            importNames: [
              'default',
              ...FS_WRITES.flatMap(f => [f, `${f}Sync`]),
              'createWriteStream',
              'promises'
            ],
            message:
              'Write files through lib/files.ts (writeNew, writeInto, appendTo, makeDirIn, moveInto, …).'
          })),
          patterns: [
            {
              group: ['fs/promises', 'node:fs/promises'],
              message:
                'Write files through lib/files.ts (writeNew, writeInto, appendTo, makeDirIn, moveInto, …).'
            }
          ]
        }
      ]
    }
  }
)
