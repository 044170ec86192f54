import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { McdeweyError } from '@mcdewey/core';
import { SITE_FILES } from './format.js';

/**
 * Writes a site into a temporary sibling of the target folder, counting files and bytes; `commit`
 * then swaps it into place, so a failed export leaves the previous site untouched.
 */
export class SiteWriter {
  files = 0;
  bytes = 0;
  private readonly made = new Set<string>();

  private constructor(
    readonly target: string,
    readonly staging: string,
  ) {}

  /**
   * Prepares a staging folder next to `outDir`.
   * @throws McdeweyError `INVALID_ARGUMENT` when `outDir` exists, is not empty and is not a
   *   site written by this exporter (nothing else is ever replaced).
   */
  static async open(outDir: string): Promise<SiteWriter> {
    const target = resolve(outDir);
    if (existsSync(target)) {
      const info = await stat(target);
      const entries = info.isDirectory() ? await readdir(target) : ['(a file)'];
      if (entries.length > 0 && !existsSync(join(target, SITE_FILES.marker))) {
        throw new McdeweyError('INVALID_ARGUMENT', `${target} is not empty and is not a McDewey site; choose an empty or new folder for --out`, { details: { parameter: 'outDir' } });
      }
    }
    await mkdir(dirname(target), { recursive: true });
    const staging = join(dirname(target), `.${basename(target)}.export-${process.pid}-${Date.now().toString(36)}`);
    await mkdir(staging, { recursive: true });
    return new SiteWriter(target, staging);
  }

  /** Writes a file (site-relative path, `/` separators) and returns its size. */
  async write(path: string, data: string | Uint8Array): Promise<number> {
    const full = await this.prepare(path);
    await writeFile(full, data);
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.count(size);
    return size;
  }

  /** Copies a file into the site and returns its size. */
  async copy(from: string, path: string): Promise<number> {
    const full = await this.prepare(path);
    await copyFile(from, full);
    const { size } = await stat(full);
    this.count(size);
    return size;
  }

  /** Reads back a file written earlier (for checks). */
  read(path: string): Promise<Buffer> {
    return readFile(join(this.staging, path));
  }

  /** Moves the finished site into place, replacing a previous export. */
  async commit(): Promise<void> {
    const old = `${this.staging}.old`;
    const hadTarget = existsSync(this.target);
    if (hadTarget) await rename(this.target, old);
    try {
      await rename(this.staging, this.target);
    } catch (error) {
      if (hadTarget) await rename(old, this.target);
      throw error;
    }
    if (hadTarget) await rm(old, { recursive: true, force: true });
  }

  /** Removes the staging folder (after a failure). */
  async abort(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }

  private async prepare(path: string): Promise<string> {
    if (path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '')) throw new Error(`not a site-relative path: ${path}`);
    const full = join(this.staging, ...path.split('/'));
    const folder = dirname(full);
    if (!this.made.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.made.add(folder);
    }
    return full;
  }

  private count(size: number): void {
    this.files++;
    this.bytes += size;
  }
}
