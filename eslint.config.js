// ESLint 9 flat config: @eslint/js + typescript-eslint recommended everywhere, react-hooks for the web apps.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/data/**',
      '**/coverage/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/artifacts/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `catch {}` is how the code says "ignore this failure"; other empty blocks stay errors
      'no-empty': ['error', { allowEmptyCatch: true }],
      // `_`-prefixed names are deliberately unused (destructuring a field away, unused callback arguments)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // tests and test helpers work with loosely shaped JSON answers
    files: ['**/*.test.ts', '**/test/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.{ts,mjs,js}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // antd-mobile's wheels take touch only: the phone app uses the wrappers that give them a keyboard
    files: ['apps/web/src/h5/**/*.{ts,tsx}'],
    ignores: ['apps/web/src/h5/components/KeyboardPicker.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'antd-mobile',
              importNames: ['Picker', 'DatePicker', 'CascadePicker'],
              message: 'Use KeyboardPicker / KeyboardDatePicker (h5/components/KeyboardPicker.tsx): the bare wheel cannot be operated from the keyboard.',
            },
          ],
        },
      ],
    },
  },
);
