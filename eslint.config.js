import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Config bundles that tsup and vitest write next to their configs for a moment must not be linted mid-build.
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'var/**', '**/*.bundled_*.mjs', '**/*.timestamp-*.mjs', 'bench/out/**'] },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Packages are used through their `exports` map only: no reaching into another package's files.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@kroma/*/*', '!@kroma/adapters/testing'], message: 'Import a package through its exports map, not a deep path.' }, { group: ['../../packages/*', '../../apps/*', '../../../*'], message: 'No relative paths into another package.' }] },
      ],
    },
  },
  {
    files: ['**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
