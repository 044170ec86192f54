import { Library } from '../store/library.js';
import { scopedLibrary } from '../store/scoped-library.js';
import type { LibraryGenerations, LibrarySource } from './live-library.js';

/**
 * `scopedLibrary` for a library that may swap itself: a fixed library gives its view of
 * `vendors`; a `LiveLibrary` gives generations whose every lease is the view of `vendors` of the
 * generation served when the lease was taken (views are cached per generation and vendor set, and
 * dropped when the generation retires). `'all'` returns `source` itself.
 */
export function scopedSource(source: LibrarySource, vendors: 'all' | readonly string[]): LibrarySource {
  if (vendors === 'all') return source;
  if (source instanceof Library) return scopedLibrary(source, vendors);
  const scoped: LibraryGenerations = {
    get generation() {
      return source.generation;
    },
    current: () => scopedLibrary(source.current(), vendors),
    acquire: () => {
      const lease = source.acquire();
      return { library: scopedLibrary(lease.library, vendors), generation: lease.generation, release: () => lease.release() };
    },
  };
  return scoped;
}
