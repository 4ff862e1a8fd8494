// ESLint for the UI: the recommended JavaScript and TypeScript rules, and
// the two React hooks rules that catch real bugs: hooks called
// conditionally (rules-of-hooks) and effects or callbacks that miss a
// dependency (exhaustive-deps). Types are checked by `tsc`, not here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist', 'node_modules'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Like tsc's noUnusedParameters: a leading underscore marks a
      // parameter that a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
