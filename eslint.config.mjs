import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', '.tools/', 'src/generated/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflows are replayed: they must never touch I/O, clocks or randomness outside the SDK.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'crypto', 'pg', '@prisma/*', '*/infra/*', '*/generated/*'],
              message: 'workflows must stay deterministic',
            },
          ],
        },
      ],
    },
  },
  {
    // Domain code is pure: no frameworks, no I/O.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', '@temporalio/*', '@prisma/*', 'pg', '*/infra/*', '*/generated/*'],
              message: 'domain code is pure',
            },
          ],
        },
      ],
    },
  },
);
