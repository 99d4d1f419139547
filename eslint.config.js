// Lint rules that guard the architecture. The most important one keeps the deterministic core
// free of ambient time, randomness, timers and I/O, so the simulator can run the production code.
import tseslint from 'typescript-eslint';

const coreForbiddenGlobals = [
  { name: 'Date', message: 'core/ is deterministic: take time from the Clock port.' },
  { name: 'setTimeout', message: 'core/ is deterministic: use Clock.sleepMs.' },
  { name: 'setInterval', message: 'core/ is deterministic: loops live in app/ or sim/.' },
  { name: 'setImmediate', message: 'core/ is deterministic: loops live in app/ or sim/.' },
  { name: 'clearTimeout', message: 'core/ is deterministic.' },
  { name: 'clearInterval', message: 'core/ is deterministic.' },
  { name: 'queueMicrotask', message: 'core/ is deterministic.' },
  { name: 'performance', message: 'core/ is deterministic: take time from the Clock port.' },
  { name: 'process', message: 'core/ does no I/O and reads no environment.' },
  { name: 'fetch', message: 'core/ does no I/O: go through a port.' },
  { name: 'crypto', message: 'core/ takes randomness from the Random port.' },
  { name: 'require', message: 'core/ is ESM and imports only pure modules.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bin/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...coreForbiddenGlobals],
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*'], message: 'core/ does no I/O: go through a port.' },
          { group: ['fs', 'fs/*', 'net', 'dgram', 'http', 'https', 'os', 'child_process', 'crypto', 'timers', 'timers/*', 'worker_threads', 'cluster', 'path'], message: 'core/ does no I/O: go through a port.' },
          { group: ['**/adapters/**', '**/app/**', '**/sim/**', '**/dns-server/**', '**/cli/**', '**/api/**', '**/dashboard/**'], message: 'core/ imports only core/.' },
          { group: ['better-sqlite3', 'yaml'], message: 'core/ imports only pure modules.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'core/ takes randomness from the Random port.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "ImportExpression", message: 'core/ does not load modules dynamically.' },
      ],
    },
  },
);
