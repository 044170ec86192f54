import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { McdeweyError, watchCorpus, type CorpusWatcher, type IngestReport, type IngestRunner, type LiveLibrary, type McdeweyErrorCode } from '@mcdewey/core';
import { plural } from '../output.js';

/**
 * Runs each re-ingest as `mcdewey ingest <corpus> --index DIR --json` in a child process: the same
 * ingest a user runs (model choice included), on its own thread, so that reading a large corpus
 * does not take turns with the requests the server answers (in the server's process, a re-ingest
 * of the 1,877-document corpus under load took 269 s instead of a few). Its notices go to stderr;
 * a refusal keeps its code.
 */
export function childProcessIngest(modelDir: string | undefined): IngestRunner {
  const bin = process.argv[1]!;
  return (corpusDir, indexDir, options) =>
    new Promise<IngestReport>((resolve, reject) => {
      const args = [bin, 'ingest', corpusDir, '--index', indexDir, '--json', ...(modelDir ? ['--model-dir', modelDir] : [])];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let told = false;
      child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
        for (const line of text.split('\n').filter((each) => each.startsWith('notice: '))) process.stderr.write(`watch: ingest ${line}\n`);
        // The child published the chunks before embedding them: the server serves them now.
        const searchable = told ? null : /^Searchable now \(lexical search\) after ([\d.]+) s: ([\d,]+) chunks?/m.exec(stderr);
        if (searchable) {
          told = true;
          options.onSearchable?.({ indexDir, chunks: Number(searchable[2]!.replace(/,/g, '')), seconds: Number(searchable[1]) });
        }
      });
      child.once('error', reject);
      child.once('close', (code) => {
        let parsed: (IngestReport & { error?: { code: McdeweyErrorCode; message: string } }) | undefined;
        try {
          parsed = JSON.parse(stdout) as typeof parsed;
        } catch {
          parsed = undefined;
        }
        if (code === 0 && parsed && !parsed.error) return resolve(parsed);
        const message = parsed?.error?.message ?? (stderr.trim().split('\n').at(-1) || `mcdewey ingest exited with ${code}`);
        reject(new McdeweyError(parsed?.error?.code ?? 'INDEX_WRITE_FAILED', message.replace(/^mcdewey: /, ''), { details: { exitCode: code } }));
      });
    });
}

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
