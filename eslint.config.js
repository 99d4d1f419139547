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
  // Boundaries between the top-level folders (ARCHITECTURE §4): each may import only what sits
  // below it. dns-wire is a leaf; the DNS server is a chain over dns-wire (it shares only the
  // AssertionFailure and the Random port with core, so a broken invariant crashes the same way);
  // the simulator and the CLI reach adapters and the DNS server only through app/.
  {
    files: ['src/dns-wire/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./', message: 'dns-wire imports nothing of ours.' }] }],
    },
  },
  {
    files: ['src/dns-server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '(^|/)core/(?!model/assert\\.js$|ports/random\\.js$)', message: 'dns-server imports only dns-wire (and core\'s assert and Random port).' },
        { regex: '(^|/)adapters/(?!random-system/)', message: 'dns-server imports only dns-wire (and the system Random for its worker processes).' },
        { group: ['**/app/**', '**/sim/**', '**/cli/**', '**/api/**'], message: 'dns-server imports only dns-wire.' },
      ] }],
    },
  },
  {
    files: ['src/sim/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/adapters/**', '**/dns-server/**'], message: 'sim/ and cli/ reach adapters and the DNS server only through app/.' },
      ] }],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/app/**', '**/sim/**', '**/cli/**', '**/api/**'], message: 'adapters implement core ports; they do not import the layers above.' },
      ] }],
    },
  },
);

