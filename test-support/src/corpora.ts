import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes (or overwrites) files below `root`, making the folders they need. */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** A corpus with enough repeated words to train a small (16-dimensional) embedding model. */
export function trainingCorpus(): Record<string, string> {
  const storage = 'database query index table column row sql transaction commit rollback schema replica backup restore snapshot';
  const network = 'router switch packet firewall vlan subnet gateway dns route latency bandwidth port tcp udp tunnel vpn';
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++) {
    const rotate = (words: string) => {
      const list = words.split(' ');
      return [...list.slice(i % list.length), ...list.slice(0, i % list.length)].join(' ');
    };
    files[`acme/v1/db/part-${i}.md`] = `# Storage ${i}\n\nThe ${rotate(storage)} and the ${rotate(storage).split(' ').reverse().join(' ')}.\n`;
    files[`globex/v2/net/part-${i}.md`] = `# Network ${i}\n\nThe ${rotate(network)} and the ${rotate(network).split(' ').reverse().join(' ')}.\n`;
  }
  return files;
}

/**
 * The citation fields of the "Restore" section of `acme/v1/guide/backup.md` (its second chunk),
 * the document the tests' small corpora open with: `# Backups` … `## Restore` ….
 */
export const ACME_RESTORE_CHUNK = {
  id: 'acme::v1::guide::backup::1',
  vendor: 'acme',
  version: 'v1',
  group: 'guide',
  doc: 'backup',
  title: 'Backups',
  headings: ['Backups', 'Restore'],
  source: 'acme/v1/guide/backup.md',
} as const;
