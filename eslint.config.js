import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is platform-neutral: no CI toolkit, no Azure SDK, no Node built-in, no console.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({
            name,
            message: 'src/core imports no Node built-in: put I/O in src/acr, src/runner or a shell.',
          })),
          patterns: [
            { group: ['node:*'], message: 'src/core imports no Node built-in.' },
            { group: ['@azure/*'], message: 'The Azure SDK belongs to the adapter in src/acr.' },
            { group: ['@actions/*', 'azure-pipelines-task-lib', 'azure-pipelines-task-lib/*'] },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'console'],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
