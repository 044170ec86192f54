import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** The most lines one source file may have (issue #13, item 8): past it, split the file by concern. */
const MAX_LINES = 400;
const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx)$/;

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Lines as an editor numbers them: a final newline does not start another line. */
function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Every source file under `<root>/packages/<name>/src/`, with its line count, largest first. */
function sourceFileSizes(root: string): { file: string; lines: number }[] {
  const packagesDir = join(root, 'packages');
  const sizes: { file: string; lines: number }[] = [];
  for (const pkg of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    const srcDir = join(packagesDir, pkg.name, 'src');
    let entries: string[];
    try {
      entries = readdirSync(srcDir, { recursive: true, encoding: 'utf8' });
    } catch {
      continue; // a package without src/ (being created, or data only)
    }
    for (const entry of entries) {
      if (!SOURCE_FILE.test(entry)) continue;
      const path = join(srcDir, entry);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // a directory named like a file, or a file removed while we walk
      }
      sizes.push({ file: relative(root, path).split('\\').join('/'), lines: lineCount(text) });
    }
  }
  return sizes.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
}

/** The files over the limit, one `path (N lines)` per entry. */
function oversized(root: string): string[] {
  return sourceFileSizes(root)
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ file, lines }) => `${file} (${lines} lines)`);
}

describe(`no source file under packages/*/src is over ${MAX_LINES} lines`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mcdewey-source-size-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds an oversized file at any depth, in any package, and only source files', () => {
    const write = (path: string, lines: number) => {
      mkdirSync(join(scratch, path, '..'), { recursive: true });
      writeFileSync(join(scratch, path), 'x;\n'.repeat(lines));
    };
    write('packages/alpha/src/deep/er/big.ts', MAX_LINES + 1);
    write('packages/alpha/src/limit.ts', MAX_LINES);
    write('packages/beta/src/big.mjs', MAX_LINES + 20);
    write('packages/beta/src/notes.md', MAX_LINES * 2);
    write('packages/beta/test/big.test.ts', MAX_LINES * 2);
    expect(oversized(scratch)).toEqual([`packages/beta/src/big.mjs (${MAX_LINES + 20} lines)`, `packages/alpha/src/deep/er/big.ts (${MAX_LINES + 1} lines)`]);
  });

  it('counts lines as an editor does', () => {
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb'), lineCount('a\n\n')]).toEqual([0, 1, 1, 2, 2]);
  });

  it('holds for this repository', () => {
    const sizes = sourceFileSizes(repoRoot);
    expect(sizes.length, 'no source files found: is the repository layout still packages/*/src?').toBeGreaterThan(20);
    const offenders = oversized(repoRoot);
    expect(offenders, `split these by concern (largest first):\n  ${offenders.join('\n  ')}`).toEqual([]);
  });
});
