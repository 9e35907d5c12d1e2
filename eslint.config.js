// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'events',
  'stream',
  'worker_threads',
];
const noNode = nodeBuiltins.map((name) => ({
  group: [name],
  message: 'renderer/ never imports Node: talk to the engine through the api client.',
}));

// electron/core: plain Node, never the Electron shell or the renderer (every block below repeats these: in a flat
// config a later no-restricted-imports replaces an earlier one for the same file).
const coreOnly = {
  paths: [
    {
      name: 'electron',
      message: 'electron/core/ never imports electron: it runs in plain Node (headless, tests).',
    },
  ],
  patterns: [
    { group: ['electron/*'], message: 'electron/core/ never imports electron.' },
    { group: ['**/renderer/**'], message: 'the engine never imports the renderer.' },
    {
      group: ['**/app/**', '../main', '../preload'],
      message: 'electron/core/ never imports the Electron shell.',
    },
  ],
};
// Feature folders of electron/core: each exposes one entry (index.ts). A feature imports kernel/, db/, config/,
// secrets/, http/, api/, shared/ freely, and another feature only through its entry ('../otomax', not
// '../otomax/holder'), so a feature's inside can change without touching the others.
const features = ['whatsapp', 'forwarder', 'otomax', 'qontak', 'status', 'metrics', 'maintenance', 'numbers'];
const throughEntry = (others, prefix) => ({
  regex: `^${prefix}(?:${others.join('|')})/(?!index$).+`,
  message: 'another feature is reached only through its entry (index.ts): import from the folder, re-export there.',
});
const featureBlocks = features.map((feature) => ({
  files: [`electron/core/${feature}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        ...coreOnly,
        patterns: [
          ...coreOnly.patterns,
          throughEntry(
            features.filter((f) => f !== feature),
            '(?:\\.\\./)+',
          ),
        ],
      },
    ],
  },
}));
// The "SQL only in repositories" rule: any .pragma call, and a .prepare/.exec call on something named like a
// database or with SQL text written in place. A regex's .exec(text) and other objects' prepare(...) are not matched.
const SQL_CALLS = '/^(prepare|exec|pragma)$/';
const DB_NAMES = '/^(db|database|sqlite)$|Db$/';
const SQL_TEXT = '/^\\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|CREATE|DROP|ALTER|PRAGMA|BEGIN|VACUUM)\\b/i';
const SQL_OWNER =
  'sql-in-repositories: SQL lives in the repository that owns the table (electron/core/**/*-repo.ts) or in db/; ask that repository instead.';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'coverage/', 'test-results/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  // Layer rules: see docs/architecture.md, "Layers and their lint rules"
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.{1,2}/)', message: 'shared/ imports only shared/ (no packages, no Node, no Electron).' },
            { group: ['**/electron/**', '**/renderer/**', '**/test/**'], message: 'shared/ imports only shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreOnly] },
  },
  // The composition root and its contract files reach the features through their entries too.
  {
    files: ['electron/core/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...coreOnly, patterns: [...coreOnly.patterns, throughEntry(features, '\\./')] },
      ],
    },
  },
  ...featureBlocks,
  // One owner per table: SQL lives in repositories (*-repo.ts) and in db/ (open, migrations, pragmas, retention).
  // Everything else asks the repository that owns the table. See docs/architecture.md, "db/".
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/**/*-repo.ts', 'electron/core/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=${SQL_CALLS}][callee.object.name=${DB_NAMES}]`,
          message: SQL_OWNER,
        },
        {
          selector: `CallExpression[callee.property.name=${SQL_CALLS}][callee.object.property.name=${DB_NAMES}]`,
          message: SQL_OWNER,
        },
        { selector: "CallExpression[callee.property.name='pragma']", message: SQL_OWNER },
        {
          selector: `CallExpression[callee.property.name=${SQL_CALLS}][arguments.0.value=${SQL_TEXT}]`,
          message: SQL_OWNER,
        },
        {
          selector: `CallExpression[callee.property.name=${SQL_CALLS}][arguments.0.quasis.0.value.raw=${SQL_TEXT}]`,
          message: SQL_OWNER,
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'renderer/ never imports electron: use the api client.' }],
          patterns: [
            ...noNode,
            { group: ['**/electron/**'], message: 'renderer/ reaches the engine only through the api client.' },
          ],
        },
      ],
    },
  },
  prettier,
);
