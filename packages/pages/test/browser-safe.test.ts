import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

// The static site's and the web app's browser scripts bundle this package (its client/ too): it may import only its own files,
// types from @mcdewey/core (erased), and the browser-safe @mcdewey/core/ranking.
it('imports nothing a browser cannot bundle', () => {
  const dir = new URL('../src/', import.meta.url);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(5);
  for (const name of files) {
    const source = readFileSync(new URL(name, dir), 'utf8');
    for (const [statement, from] of source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)';/gms)) {
      const allowed = from!.startsWith('./') || from === '@mcdewey/core/ranking' || (from === '@mcdewey/core' && /^import type /.test(statement!));
      expect(allowed, `${name}: ${statement}`).toBe(true);
    }
  }
});
