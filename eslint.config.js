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
    // The core is platform-neutral: no CI toolkit, no process, no file system, no console.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'process', 'node:process'],
          patterns: ['@actions/*', 'azure-pipelines-task-lib', 'azure-pipelines-task-lib/*'],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'console'],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
