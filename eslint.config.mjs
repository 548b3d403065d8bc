import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureRestriction = {
  'no-restricted-imports': ['error', {
    paths: [
      { name: 'vscode', message: 'The core is pure: render in src/features instead.' },
      { name: 'fs', message: 'The core is pure: ask a provided reader for text.' },
      { name: 'path', message: 'The core is pure: no file-system paths.' },
      { name: 'node:fs', message: 'The core is pure.' },
      { name: 'node:path', message: 'The core is pure.' },
    ],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/editor/.work/**', '.bench/**', 'test/fixtures/**', 'test/editor/workspace/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/python/**/*.ts', 'src/typescript/**/*.ts'], rules: pureRestriction },
);
