// The project's own lint (`npm run lint`, part of `npm test`): ESLint's and typescript-eslint's recommended rules,
// without type information so it stays fast, and the import boundaries ARCHITECTURE.md describes.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const VSCODE = { name: 'vscode', message: 'The engine and server run outside VS Code.' };
const TYPESCRIPT = {
  name: 'typescript',
  message: 'Only the JavaScript adapter (server/src/lang/js) parses: give rules and the model facts, not trees.',
};
const LEZER = ['@lezer/python', '@lezer/common'].map((name) => ({
  name,
  message: 'Only the Python adapter (server/src/lang/py) parses Python: give rules and the model facts, not trees.',
}));
const SERVER_PATTERNS = [
  {
    group: ['vscode-languageclient', 'vscode-languageclient/*'],
    message: 'The server speaks LSP through vscode-languageserver.',
  },
  { regex: '(^|/)client/', message: 'The server never imports the VS Code client.' },
];

export default tseslint.config(
  {
    // Fixtures and examples are inputs for the rules, written to look like other people's code.
    ignores: [
      'dist/**',
      '**/node_modules/**',
      'test/fixtures/**',
      'test/e2e/fixtures/**',
      'test/vscode/fixture/**',
      'examples/**',
      '.vscode-test/**',
      'bench/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // A `let` assigned once after closures that read it (the client's view and restart policy) stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/**/*.mjs'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // Tests feed control characters and exact column layouts to the code on purpose.
    files: ['test/**'],
    rules: { 'no-control-regex': 'off', 'no-regex-spaces': 'off' },
  },
  {
    // These look for NUL and other control characters in workspace text on purpose (binary files, terminal escapes).
    files: ['server/src/detect/secrets.ts', 'server/src/ecosystem/npm/packageJson.ts', 'server/src/report/formats.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // The engine runs in the CLI and in any LSP client: no editor API, no client code. TypeScript's parser is the
    // JavaScript adapter's alone (lang/js), @lezer/python the Python adapter's (lang/py): the rest is language-neutral.
    files: ['server/src/**'],
    ignores: ['server/src/lang/js/**', 'server/src/lang/py/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [VSCODE, TYPESCRIPT, ...LEZER], patterns: SERVER_PATTERNS }],
    },
  },
  {
    files: ['server/src/lang/js/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [VSCODE, ...LEZER], patterns: SERVER_PATTERNS }] },
  },
  {
    files: ['server/src/lang/py/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [VSCODE, TYPESCRIPT], patterns: SERVER_PATTERNS }] },
  },
  {
    // A rule reads facts and helpers (detect/, facts/, model/), never another factor's rules; of the JavaScript
    // adapter, only its own JS check (lang/js/checks/), which hands the rule no syntax node.
    files: ['server/src/rules/*/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [VSCODE, TYPESCRIPT, ...LEZER],
          patterns: [
            ...SERVER_PATTERNS,
            {
              regex: '^\\.\\./(?!\\.\\.)[^/]+/',
              message: "Rules don't import other factors' rules: move the shared code to detect/ or model/.",
            },
            {
              regex: '/lang/js/(?!checks/)',
              message: 'A rule is language-neutral: syntax trees stay in its JS check under lang/js/checks/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The client talks to the server over LSP only; it shares shared/ with it, nothing from server/src.
    files: ['client/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)server/src(/|$)',
              message: 'The client talks to the server over LSP; share types through shared/.',
            },
          ],
        },
      ],
    },
  },
);
