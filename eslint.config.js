// Lint for src/, test/, bench/ and scripts/ (`npm run lint`, part of `npm test`); formatting is Prettier's.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { '@stylistic': stylistic },
    rules: {
      // Prettier wraps code at 120 columns but never breaks strings or comments; module paths and regular
      // expressions stay whole.
      '@stylistic/max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true, ignorePattern: '^import\\s' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The sanitisers match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read parsed JSON reports field by field.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['report.js', 'reports/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
