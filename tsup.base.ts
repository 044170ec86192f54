import type { Options } from 'tsup';

/** The one build config every package extends: ESM, type declarations, Node 20. */
export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    ...extra,
  };
}
