// npm run lint: type-aware linting (typescript-eslint over the TypeScript program of tsconfig.json),
// then Prettier's format check and the dependency rules (package.json).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Build output, and files generated from schema/schema.graphql (npm run schema): not written by hand.
  { ignores: ['node_modules/', 'dist/', '.keyhold-data/', 'coverage/', 'web/dist/', 'test-output/', 'web/src/api/schema.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Promises are where a server loses errors: none floats, none is passed where a callback's result is ignored.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Fastify and Apollo hooks are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
      // C0 control characters are matched on purpose (names, logs).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests and benchmarks read untyped JSON answers on purpose, and assert non-null where a
    // reader would want to see it.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // The plain-JavaScript scripts (npm run build:web, the README's JSON picker) run on Node.
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  prettier,
);
