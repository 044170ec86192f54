import { existsSync } from 'node:fs';
import { McdeweyError, watchCorpus, type CorpusWatcher, type LiveLibrary } from '@mcdewey/core';
import { plural } from '../output.js';

/**
 * `serve --watch`: watches the corpus the index was ingested from and re-ingests it into the served
 * index when it changes; each step is told on stderr (changes seen, the ingest's summary and the
 * generation now served, or why the old one still serves).
 * @throws McdeweyError `INVALID_ARGUMENT` when there is no corpus folder to watch.
 */
export async function watchServedCorpus(live: LiveLibrary, corpusDir: string | undefined): Promise<CorpusWatcher> {
  if (corpusDir === undefined || !existsSync(corpusDir)) {
    const why = corpusDir === undefined ? 'the index records no corpus folder' : `${corpusDir} does not exist`;
    throw new McdeweyError('INVALID_ARGUMENT', `--watch needs the corpus folder to watch: ${why}; pass --corpus DIR`, { details: { parameter: '--corpus' } });
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const watcher = await watchCorpus(live, corpusDir, {
    onChange: ({ paths, count }) => log(`watch: ${plural(count, 'change')} in ${corpusDir} (${paths.join(', ')}${count > paths.length ? ', …' : ''}); re-ingesting in the background`),
    onIngest: (report, generation) =>
      log(
        `watch: re-ingested ${plural(report.documents, 'document')} (${report.processed} read, ${report.reused} unchanged, ${report.removed} removed${report.skipped.length ? `, ${report.skipped.length} skipped` : ''}) in ${report.seconds.toFixed(1)} s; now serving generation ${generation}`,
      ),
    onError: (error) => log(`watch: re-ingest failed, generation ${live.generation} still serves: ${error.message}`),
  });
  await watcher.ready;
  log(`Watching ${corpusDir}: changes are re-ingested and served without a restart (generation ${live.generation}).`);
  return watcher;
}
