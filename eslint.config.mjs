import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// lib/ is the core: free of React and Next, and it never reaches into the front doors.
const CORE_IMPORTS = [
  {
    group: ['react', 'react-dom', 'next', 'next/*', 'next-intl', 'next-intl/*'],
    message: 'lib/ stays free of React and Next.',
  },
  {
    group: ['**/app/**', '**/components/**', '**/cli/**', '@/app/*', '@/components/*', '@/cli/*'],
    message: 'lib/ never imports a front door.',
  },
];

// What React and Next.js check: the browser's code and the pages that render it.
const UI_FILES = ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'tests/unit/components/**/*.{ts,tsx}'];

export default tseslint.config(
  {
    ignores: [
      '**/.scratch*/**',
      '.next/**',
      'dist/**',
      'node_modules/**',
      'models/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // lib/ is the core: it never reaches into the front doors.
      'no-restricted-imports': 'off',
    },
  },
  { ...reactHooks.configs.flat.recommended, files: UI_FILES },
  { ...nextPlugin.configs['core-web-vitals'], files: UI_FILES, settings: { next: { rootDir: '.' } } },
  {
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: CORE_IMPORTS,
        },
      ],
    },
  },
  {
    // The layers under the use cases never import them (lib/jobs runs the translation job, so it may).
    files: ['lib/{access,align,checks,confidence,content,exchange,glossary,heavy,mt,store,text}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...CORE_IMPORTS,
            {
              group: ['**/documents', '**/documents/*', '@/lib/documents', '@/lib/documents/*'],
              message: 'Lower layers never import the use cases (lib/documents).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['**/*.cjs', 'next.config.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
