import { readFileSync } from 'node:fs';

/** A package's `package.json`, read from its folder (a URL ending in `/`, e.g. `new URL('../', import.meta.url)`). */
export function readPackageJson(packageDir: URL): Record<string, any> {
  return JSON.parse(readFileSync(new URL('package.json', packageDir), 'utf8'));
}

/**
 * The `exports` map every McDewey package pins: each subpath built to `dist/<name>.js` beside its
 * types (types first), and `./package.json`. `{ '.': 'index', './guard': 'guard' }` gives
 * `{ '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './guard': …, './package.json': './package.json' }`.
 */
export function builtExportsMap(entries: Record<string, string>): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const [subpath, name] of Object.entries(entries)) map[subpath] = { types: `./dist/${name}.d.ts`, import: `./dist/${name}.js` };
  map['./package.json'] = './package.json';
  return map;
}
