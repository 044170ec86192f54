// ESLint for the whole monorepo: `npm run lint`.
//
// Two kinds of rule live here:
// - correctness: @eslint/js and typescript-eslint "recommended" (no stylistic presets; Prettier
//   owns layout), so a finding is a likely bug, not a taste.
// - architecture (DESIGN.md "Layout"): adapters reach other workspace packages only through their
//   package entries, adapters import each other only in the allowed direction, no import cycles.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

const root = import.meta.dirname;

/** Every folder under packages/ that is a workspace package (a new one is picked up by itself). */
const workspacePackages = readdirSync(path.join(root, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'packages', entry.name, 'package.json')))
  .map((entry) => entry.name);

/**
 * Which workspace packages each package's source may import (through package entries only).
 * The intended direction: core at the bottom; pages (shared HTML) over core; mcp over core;
 * express mounts mcp's HTTP handler at /mcp and renders pages; static renders pages; the CLI
 * composes them all. A package not listed here may import core only.
 */
const allowedImports = {
  core: [],
  pages: ['core'],
  mcp: ['core'],
  express: ['core', 'mcp', 'pages'],
  static: ['core', 'pages'],
  fetch: ['core'],
  cli: ['core', 'mcp', 'express', 'static', 'pages', 'fetch'],
};

/** import-x/no-restricted-paths zones: resolved-path checks, so dynamic `import()` is covered too. */
const directionZones = workspacePackages.flatMap((name) => {
  const allowed = allowedImports[name] ?? ['core'];
  return workspacePackages
    .filter((other) => other !== name && !allowed.includes(other))
    .map((other) => ({
      target: `./packages/${name}/src`,
      from: `./packages/${other}`,
      message: `packages/${name} may not import packages/${other} (allowed: ${allowed.join(', ') || 'none'}; see DESIGN.md "Layout").`,
    }));
});

/** Reaching past a package's entries: its src/ or dist/ files, or a file path with an extension. */
const internalsPatterns = [
  {
    regex: '^(@mcdewey/[^/]+|mcdewey)/(src|dist|lib|test)(/|$)',
    message: "Import the package entry (e.g. '@mcdewey/core' or '@mcdewey/core/ranking'), never its src/ or dist/ files.",
  },
  {
    regex: '^(@mcdewey/[^/]+|mcdewey)/(?!(src|dist|lib|test)/).*\\.[cm]?[jt]sx?$',
    message: 'Import a package entry listed in its package.json "exports", never a file inside it.',
  },
];

const sourceFiles = ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.dist-*/**',
      '**/test-output/**',
      '**/.mcdewey/**',
      '**/.vitest-cache/**',
      'corpus/**',
      'bench/results/**',
      // Third-party code checked in as-is.
      '**/vendor/**',
    ],
  },
  {
    files: sourceFiles,
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: {
      // Parse and follow .ts files (not only .js) when tracing imports, e.g. for no-cycle.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: path.join(root, 'tsconfig.json') })],
    },
    rules: {
      // An unused variable is a real smell, except the conventional `_` prefix and rest siblings.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `any` is sometimes the honest type at a boundary (JSON, optional native modules); tsc strict covers the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      // `let x; const f = () => x?.y; x = …` is deliberate: a `const` there would be read in its dead zone.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': ['error', { patterns: internalsPatterns }],
    },
  },
  {
    // Package sources follow the adapter direction; tests may compose packages (e.g. a contract test).
    files: ['packages/*/src/**'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: directionZones }],
    },
  },
  {
    // Build configs share the monorepo root's tsup base; that is not a package dependency.
    files: ['packages/*/tsup.config.ts'],
    rules: { 'import-x/no-relative-packages': 'off' },
  },
  {
    // Code that runs in the browser (static site client, web app assets).
    files: ['packages/*/src/client/**', 'packages/*/assets/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Plain JavaScript (scripts, benches, examples, browser assets) is not type-annotated.
    files: ['**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
