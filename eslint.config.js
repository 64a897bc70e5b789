import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const hostModules = ['obsidian', 'vscode', 'electron', '@astro/cli'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'fixtures/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Core is headless: it must never import a host, and native drivers load lazily inside functions.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...hostModules.map((name) => ({
              name,
              message: '@astro/core must stay host-agnostic.',
            })),
            {
              name: 'better-sqlite3',
              message: 'Load native drivers with a dynamic import() inside a function.',
              allowTypeImports: true,
            },
          ],
          patterns: [
            { group: ['obsidian/*', 'vscode/*'], message: '@astro/core must stay host-agnostic.' },
          ],
        },
      ],
    },
  },
);
