// The house plan's boundaries as lint errors (tsconfig libs make the same true at compile time).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'url', 'util', 'http', 'net', 'worker_threads'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'content/**/build/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['sim/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', ...nodeBuiltins], message: 'sim/ is pure: no node:* (it runs in a browser worker).' },
          { group: ['react', 'react-dom', '@xyflow/*', 'monaco-editor', 'koffi'], message: 'sim/ has no UI or FFI.' },
          { group: ['**/app/**', '**/real-backend/**', '@bpflc/app', '@bpflc/real-backend'], message: 'sim/ imports nothing from app/ or real-backend/.' },
        ],
      }],
      'no-restricted-globals': ['error', 'document', 'window', 'process', 'require', 'Buffer'],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/real-backend/**', '@bpflc/real-backend'], message: 'app/ talks to the agent only over the protocol.' }],
      }],
    },
  },
);
