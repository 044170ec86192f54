import { open, rename } from 'node:fs/promises';

/** Writes a file through a flushed temporary sibling and a rename, so a reader never sees half of it. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}
