import { rename } from 'node:fs/promises';
import { writeSynced } from './write.js';

/** Writes a file through a flushed temporary sibling and a rename, so a reader never sees half of it. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeSynced(temporary, text);
  await rename(temporary, path);
}
