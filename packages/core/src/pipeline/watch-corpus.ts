import { relative, resolve, sep } from 'node:path';
import type { IngestOptions, IngestReport } from './ingest.js';
import type { LiveLibrary } from './live-library.js';

/** Options of `watchCorpus`. Every field is optional. */
export interface WatchCorpusOptions {
  /** Quiet time after the last change before re-ingesting, in milliseconds. Default 500. */
  debounceMs?: number;
  /** Options of each re-ingest (see `LiveLibrary.reingest`). Default: embedded as the index was. */
  ingest?: IngestOptions;
  /** Told when changes were seen and a re-ingest starts: how many paths changed and a few of them. */
  onChange?: (change: { paths: string[]; count: number }) => void;
  /** Told after each re-ingest that was swapped in. */
  onIngest?: (report: IngestReport, generation: number) => void;
  /** Told when a re-ingest fails; the served generation stays and the next change tries again. */
  onError?: (error: Error) => void;
}

/** A running corpus watcher. */
export interface CorpusWatcher {
  /** Resolves when the watcher has scanned the corpus and sees changes. */
  readonly ready: Promise<void>;
  /** Resolves when no re-ingest is running or waiting (for tests and orderly shutdown). */
  idle(): Promise<void>;
  /** Stops watching; a re-ingest in progress finishes. */
  close(): Promise<void>;
}

/**
 * Watches a corpus folder (with `chokidar`, loaded on first use) and, once changes settle for
 * `debounceMs`, re-ingests it into `live`'s index and swaps the result in (`LiveLibrary.reingest`).
 * Changes during a re-ingest lead to one more afterwards. The index folder and its siblings are
 * never watched, even inside the corpus.
 */
export async function watchCorpus(live: LiveLibrary, corpusDir: string, options: WatchCorpusOptions = {}): Promise<CorpusWatcher> {
  const corpus = resolve(corpusDir);
  const debounceMs = options.debounceMs ?? 500;
  const { watch } = await import('chokidar');
  // The index folder and its generations, lock and staging folders beside it.
  const insideIndex = (path: string) => {
    const absolute = resolve(path);
    if (!absolute.startsWith(live.dir)) return false;
    const rest = absolute.slice(live.dir.length);
    return rest === '' || rest.startsWith(sep) || /^\.(previous|lock|tmp-|rollback-)/.test(rest);
  };
  const watcher = watch(corpus, { ignoreInitial: true, ignored: (path) => insideIndex(path) || path.split(sep).includes('.git') });

  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runOnce = async (): Promise<void> => {
    const paths = [...changed];
    changed = new Set();
    options.onChange?.({ paths: paths.slice(0, 5).map((path) => relative(corpus, path)), count: paths.length });
    try {
      const report = await live.reingest(corpus, options.ingest);
      options.onIngest?.(report, live.generation);
    } catch (error) {
      options.onError?.(error as Error);
    }
  };
  const drain = async (): Promise<void> => {
    while (changed.size > 0 && !stopped) await runOnce();
    running = undefined;
  };
  const schedule = (path: string) => {
    changed.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      running ??= drain();
    }, debounceMs);
  };
  watcher.on('all', (_event, path) => schedule(path));
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));

  return {
    ready,
    idle: async () => {
      while (timer !== undefined || running !== undefined) {
        await (running ?? new Promise((wait) => setTimeout(wait, debounceMs)));
      }
    },
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await watcher.close();
      await running;
    },
  };
}
