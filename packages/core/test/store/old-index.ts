import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Turns an index into one written before checksums: no `checksum` in the manifest's `files`, no
 * `chunks.crc`. Such indexes must still open, with only their structure checked.
 */
export function dropChecksums(index: string): void {
  const path = join(index, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, { bytes: number; checksum?: string }> };
  delete manifest.files['chunks.crc'];
  for (const entry of Object.values(manifest.files)) delete entry.checksum;
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  rmSync(join(index, 'chunks.crc'));
}
