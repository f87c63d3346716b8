import tseslint from 'typescript-eslint';
import boundaries from './eslint/subgraph-boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'schema/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { local: boundaries },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
      'local/subgraph-boundaries': 'error',
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
