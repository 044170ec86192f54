import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Core's folders, lowest first (DESIGN.md, "Core's layers"): a module may import its own layer
 * and the layers below it, never one above. Top-level files belong to the layer named here.
 */
export const CORE_LAYERS = [
  ['types.ts', 'errors.ts', 'version.ts', 'process.ts', 'vendor-types', 'display'],
  ['chunk'],
  ['ingest'],
  ['rank'],
  ['embed'],
  ['store'],
  ['query'],
  ['search', 'search.ts'],
  ['pipeline', 'open.ts'],
  ['eval'],
  ['index.ts', 'ranking.ts', 'models.ts'],
] as const;

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;

/** The layer (index in CORE_LAYERS) of a path under src, or undefined for a path no layer names. */
export function layerOf(pathUnderSrc: string): number | undefined {
  const first = pathUnderSrc.split(sep)[0]!;
  const index = CORE_LAYERS.findIndex((names) => (names as readonly string[]).includes(first));
  return index < 0 ? undefined : index;
}

/** Every import of a source tree that goes to a higher layer, as `from -> to`. */
export function upwardImports(srcDir: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.ts')) check(path);
    }
  };
  const check = (file: string) => {
    const from = relative(srcDir, file);
    const own = layerOf(from);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = (match[1] ?? match[2])!;
      const to = relative(srcDir, normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))));
      const target = layerOf(to);
      if (own === undefined || target === undefined || target > own) found.push(`${from} -> ${to}`);
    }
  };
  visit(srcDir);
  return found;
}

describe("core's layers", () => {
  it('names every folder and top-level file of src', () => {
    const unnamed = readdirSync(SRC).filter((name) => layerOf(name) === undefined);
    expect(unnamed, 'add them to CORE_LAYERS (and DESIGN.md)').toEqual([]);
  });

  it('imports only downwards: no folder imports a layer above it', () => {
    expect(upwardImports(SRC)).toEqual([]);
  });

  it('catches an upward import, a dynamic one too', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'mcdewey-layers-'));
    try {
      mkdirSync(join(root, 'chunk'));
      mkdirSync(join(root, 'store'));
      writeFileSync(join(root, 'store', 'a.ts'), "import { b } from '../chunk/b.js';\n");
      writeFileSync(join(root, 'chunk', 'b.ts'), "export const b = 1;\nconst later = () => import('../store/a.js');\n");
      expect(upwardImports(root)).toEqual([`chunk${sep}b.ts -> store${sep}a.ts`]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
