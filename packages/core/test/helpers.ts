import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { writeTree } from '@mcdewey/test-support/corpora';
import type { Embedder } from '../src/embed/types.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes an inline file tree to a fresh temporary folder (removed after the test) and returns its path. */
export function testdir(files: Record<string, string | Uint8Array> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'mcdewey-test-'));
  made.push(root);
  writeTree(root, files);
  return root;
}

export { writeTree };

/** The repository's bundled demo corpus. */
export const SAMPLE_CORPUS = fileURLToPath(new URL('../../../corpus', import.meta.url));

/** The full shared corpus (present on developer machines and CI, not in the repository). */
export const SHARED_CORPUS = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));

/** A small multi-vendor corpus in Markdown, HTML and text. */
export function smallCorpus(): Record<string, string> {
  return {
    'acme/v1/guide/intro.md':
      '---\ntitle: Acme Intro\nweight: 3\n---\n# Introduction\n\nAcme widgets turn sprockets. {{< note >}}Shortcode noise{{< /note >}}\n\n## Installing\n\nRun `acme install` to install the widget daemon.\n',
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot of the widget store with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE`.\n',
    'acme/v2/guide/backup.md': '# Backups\n\nTake a snapshot of the widget store with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE --verify`.\n',
    'globex/9.0/manual/tuning.html':
      '<html><head><title>Tuning Globex</title><script>alert(1)</script></head><body><nav>Home | Next</nav><main><h1>Tuning</h1><p>Increase the cache size for faster snapshot reads.</p><pre><code>cache_size = 512MB\nworkers = 4</code></pre></main></body></html>',
    'globex/9.0/manual/notes.txt': 'Release notes\n\nThe snapshot format changed in 9.0.\n',
    'SOURCES.md': '# Sources\n',
    '_licenses/acme.txt': 'MIT',
  };
}

/** `embedder` as one loaded by id, not from a model folder: the same vectors, no `modelDir`. */
export function embedderWithoutFolder(embedder: Embedder): Embedder {
  return {
    fingerprint: embedder.fingerprint,
    maxTokens: embedder.maxTokens,
    embedPassages: (texts) => embedder.embedPassages(texts),
    embedQuery: (text) => embedder.embedQuery(text),
  };
}
