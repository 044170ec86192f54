import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { allowedHostEntry, normalizePublicUrl } from '@mcdewey/mcp/guard';
import { EXIT_CODES } from './exit-codes.js';
import { asMcdeweyError, coreVersion, lazyAction } from './lazy.js';
import { OIDC_FLAGS } from './commands/serve-oidc-flags.js';

const DEFAULT_INDEX = process.env.MCDEWEY_INDEX ?? '.mcdewey/index';

/** Exit code for a usage error or a request the index cannot answer (bad flag, unknown chunk). */
const EXIT_USAGE = EXIT_CODES.usage;

function integer(name: string, min: number, max: number) {
  return (value: string) => {
    const number = Number(value);
    if (!/^-?\d+$/.test(value) || number < min || number > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return number;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--allowed-hosts a.example,b.example:8080` (repeatable): each name checked, one-line error otherwise. */
function hostList(value: string, previous: string[] = []): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new InvalidArgumentError('--allowed-hosts needs host names, like docs.example.com,docs');
  try {
    return [...previous, ...entries.map(allowedHostEntry)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** `--rate-limit 600/min` (also `/s`, `/h`; a bare number is per minute) as requests and window; 0 for none. */
function rateLimitOf(value: string): { requests: number; perSeconds: number } | false {
  const match = /^(\d{1,9})(?:\/(s|sec|min|m|h|hour))?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('--rate-limit must be requests per window like 600/min, 20/s or 5000/h (0 for no limit)');
  const requests = Number(match[1]);
  if (requests === 0) return false;
  const perSeconds = { s: 1, sec: 1, min: 60, m: 60, h: 3600, hour: 3600 }[(match[2] ?? 'min') as 's'];
  return { requests, perSeconds };
}

/** `--public-url https://docs.example.com/docs`: checked at once, one-line error otherwise. */
function publicUrl(value: string): string {
  try {
    return normalizePublicUrl(value);
  } catch (error) {
    throw new InvalidArgumentError(`--public-url ${(error as Error).message}`);
  }
}

const PUBLIC_URL_HELP = 'the web app\'s public base URL (with its path), where the MCP chunk card links "View in doc context", e.g. https://docs.example.com/docs';

function oneOfCollected(name: string, allowed: string[]) {
  return (value: string, previous: string[] = []) => {
    if (!allowed.includes(value)) throw new InvalidArgumentError(`${name} must be one of ${allowed.join(', ')}`);
    return [...previous, value];
  };
}

const program = new Command('mcdewey')
  .description('McDewey: a documentation library for many vendors, with citable chunks and hybrid search.')
  .version(coreVersion())
  .exitOverride()
  .enablePositionalOptions()
  .showSuggestionAfterError();

program
  .command('ingest')
  .description('read a corpus (vendor/version/group/doc.ext) into an index; re-ingest is incremental')
  .argument('[corpus-dir]', 'the corpus folder (not with --rollback)')
  .option('--index <dir>', 'index directory (new, empty, or an index: nothing else is replaced)', DEFAULT_INDEX)
  .option('--prune', "allow removing more than half of the index's documents (they are gone from the corpus)")
  .option('--rollback', 'bring back the previous generation of the index (the current one is kept, so --rollback again undoes it)')
  .option('--model <id>', 'embedding model id (default Xenova/bge-small-en-v1.5; downloaded once where the network allows)')
  .option('--model-dir <dir>', 'a local model folder (config.json, tokenizer.json, onnx/model.onnx); default $MCDEWEY_MODEL_DIR')
  .option('--no-embed', 'build a lexical-only index')
  .option('--no-train', 'when no embedding model can be loaded, build a lexical-only index instead of training one from the corpus')
  .option('--json', 'print the ingest report as JSON on stdout')
  .action(lazyAction(() => import('./commands/ingest.js').then((module) => module.ingestCommand)));

program
  .command('embed')
  .description('embed an index published before its vectors (an interrupted ingest): resumes where it stopped; search is lexical until the vectors land')
  .option('--index <dir>', 'index directory', DEFAULT_INDEX)
  .option('--model <id>', 'embed with this model instead of the one the index was being embedded with')
  .option('--model-dir <dir>', "a local folder holding the index's model; default the folder recorded at ingest, else $MCDEWEY_MODEL_DIR")
  .option('--no-train', 'for an index ingested without vectors: do not train a model from its chunks')
  .option('--json', 'print the report as JSON on stdout')
  .action(lazyAction(() => import('./commands/embed.js').then((module) => module.embedCommand)));

/** `--rate 0.5`: a positive number. */
function positiveNumber(name: string) {
  return (value: string) => {
    const number = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !(number > 0)) throw new InvalidArgumentError(`${name} must be a positive number`);
    return number;
  };
}

program
  .command('fetch')
  .description("mirror a vendor's documentation site into the corpus (vendor/version/group/doc.ext); a second run fetches only what changed")
  .argument('<url>', 'the start page: pages under its folder are fetched, with the PDFs, Markdown and text files they link to')
  .requiredOption('--corpus <dir>', 'the corpus folder to write into')
  .requiredOption('--vendor <vendor>', 'vendor slug (a-z, 0-9, ., _, -)')
  .requiredOption('--version <version>', 'version slug')
  .option('--group <group>', 'put every document in this group (default: the first folder below the start URL)')
  .option('--allow-host <host>', 'also fetch from this host (repeatable)', collect)
  .option('--max-pages <n>', 'most links requested (default 10000)', integer('--max-pages', 1, 10_000_000))
  .option('--max-bytes <n>', 'largest file fetched, in bytes; a bigger one is cut off (default: what ingest reads, HTML 16 MiB, PDF 256 MiB)', integer('--max-bytes', 1, Number.MAX_SAFE_INTEGER))
  .option('--concurrency <n>', 'requests at once (default 4)', integer('--concurrency', 1, 64))
  .option('--rate <n>', 'requests per second, at most (default 5; a robots.txt Crawl-delay lowers it)', positiveNumber('--rate'))
  .option('--prune', 'remove files whose pages are gone from the site (otherwise kept and reported)')
  .option('--json', 'print the fetch report (added, changed, unchanged, removed, missing, skipped, failed) as JSON on stdout')
  .action(lazyAction(() => import('./commands/fetch.js').then((module) => module.fetchCommand)));

program
  .command('search')
  .description('search the index')
  .argument('<query>', 'what to look for')
  .option('--index <dir>', 'index directory', DEFAULT_INDEX)
  .option('--vendor <vendor>', 'only this vendor (repeatable)', collect)
  .option('--version <version>', 'only this version (repeatable)', collect)
  .option('--group <group>', 'only this group (repeatable)', collect)
  .option('--doc <doc>', 'only this document (repeatable)', collect)
  .option('--limit <n>', 'number of results (1-200)', integer('--limit', 1, 200), 10)
  .option('--offset <n>', 'results to skip: --offset 10 shows the second page of 10 (0-10000)', integer('--offset', 0, 10000), 0)
  .addOption(new Option('--mode <mode>', 'ranking').choices(['lexical', 'semantic', 'hybrid']))
  .option('--no-correct', "search the query as typed (no spelling corrections from the index's words)")
  .option('--no-interpret', 'do not read vendor and version names in the query (they rank that vendor first)')
  .option('--max-per-document <n>', 'results of one document, 0 for no cap (default 1, or 0 with --doc)', integer('--max-per-document', 0, 200))
  .option('--more <n>', 'other matching chunks listed under a result, 0-200 (default 3)', integer('--more', 0, 200))
  .option('--explain', "show each result's rank and score per leg, and the ranking settings")
  .option('--model-dir <dir>', "a local folder holding the index's embedding model; default $MCDEWEY_MODEL_DIR")
  .option('--json', 'print the search response (results, interpreted, noStrongMatch, suggestions) as JSON on stdout')
  .action(lazyAction(() => import('./commands/search.js').then((module) => module.searchCommand)));

program
  .command('show')
  .description('print a chunk card and its neighbours')
  .argument('<chunk-id>', 'vendor::version::group::doc::n')
  .option('--index <dir>', 'index directory', DEFAULT_INDEX)
  .option('--context <n>', 'neighbouring chunks on each side (0-50)', integer('--context', 0, 50), 0)
  .option('--json', 'print the chunk and its neighbours as JSON on stdout')
  .option('--citation', 'print only the one-line citation (vendor, version, title, section, pages, chunk id, source file)')
  .action(lazyAction(() => import('./commands/show.js').then((module) => module.showCommand)));

program
  .command('train-embedder')
  .description('train a compact embedding model from a corpus (or an index) and write it as a model folder for --model-dir')
  .argument('<corpus-dir>', 'the corpus folder, or an index directory to train from its chunks')
  .requiredOption('--out <dir>', 'where to write the model folder')
  .option('--dims <n>', 'vector width (default 256)', integer('--dims', 2, 1024))
  .option('--json', 'print the training report as JSON on stdout')
  .action(lazyAction(() => import('./commands/train-embedder.js').then((module) => module.trainEmbedderCommand)));

const serve = program
  .command('serve')
  .description('serve the web library, the JSON API and the MCP endpoint at /mcp')
  .option('--index <dir>', 'index directory', DEFAULT_INDEX)
  .option('--corpus <dir>', 'the corpus folder the index was built from, to serve the original PDFs (default: the folder recorded at ingest, else ./corpus)')
  .option('--port <n>', 'port (0 picks a free one)', integer('--port', 0, 65535), 3000)
  .option('--host <host>', 'interface to listen on; anything but loopback must be asked for', '127.0.0.1')
  .option('--allowed-hosts <names>', 'host names the server answers besides localhost (comma-separated, name or name:port), e.g. docs.example.com', hostList)
  .option('--model-dir <dir>', "a local folder holding the index's embedding model; default $MCDEWEY_MODEL_DIR")
  .option('--watch', 're-ingest the corpus when it changes and swap the served index without a restart')
  .addOption(new Option('--auth <mode>', 'who may use the server: tokens (API tokens, see mcdewey token) or oidc; required with a non-loopback --host').choices(['tokens', 'oidc']))
  .option('--no-auth', 'serve everyone who can reach --host without sign-in (says what that exposes)')
  .option('--tokens <file>', 'the API token file of --auth tokens, or of --auth oidc beside the issuer (default: <index>.tokens.json beside the index, with oidc when it exists)')
  .option('--rate-limit <rate>', 'requests per principal (per address without auth), e.g. 600/min, 20/s, 5000/h; 0 for none (default 600/min with --auth, none otherwise)', rateLimitOf)
  .option('--public-url <url>', PUBLIC_URL_HELP, publicUrl)
  .option(
    '--stateless',
    'serve /mcp without sessions: every POST answered as plain JSON on its own (no Mcp-Session-Id; GET and DELETE get 405), for clients that only call tools and for load balancers',
  )
  .option(
    '--workers <n>',
    'server processes sharing the port, each with the index open (1-64; needs --stateless; not with --watch or --auth oidc; --rate-limit counts per worker)',
    integer('--workers', 1, 64),
  );
for (const flag of OIDC_FLAGS) serve.option(flag.flags, flag.description);
serve.action(lazyAction(() => import('./commands/serve.js').then((module) => module.serveCommand)));

const token = program.command('token').description('API tokens for mcdewey serve --auth tokens: create, list, revoke');

/** A `token` subcommand with the options every one has: where the token file is. */
function tokenCommand(name: string, description: string, action: 'tokenCreateCommand' | 'tokenListCommand' | 'tokenRevokeCommand'): Command {
  return token
    .command(name)
    .description(description)
    .option('--index <dir>', 'index directory: the token file sits beside it (create also checks its vendors)', DEFAULT_INDEX)
    .option('--tokens <file>', 'token file (default: <index>.tokens.json beside the index)')
    .action(lazyAction(() => import('./commands/token.js').then((module) => module[action])));
}

tokenCommand('create', 'create an API token and print it once on stdout (only its hash is stored)', 'tokenCreateCommand')
  .requiredOption('--name <name>', 'a name for the token, shown in the access log (e.g. ci-bot)')
  .requiredOption('--vendors <list>', 'vendors the token may see, comma-separated (e.g. etcd,postgresql), or all')
  .option('--expires <duration>', 'lifetime, e.g. 90d, 12h, 4w (default: never)')
  .option('--json', 'print the token and its details as JSON on stdout');
tokenCommand('list', 'list the API tokens: name, vendors, created, expires (never the token or its hash)', 'tokenListCommand').option('--json', 'print the tokens as JSON on stdout');
tokenCommand('revoke', 'revoke an API token: a running server refuses it from its next request on', 'tokenRevokeCommand').requiredOption('--name <name>', 'the name of the token to revoke');

program
  .command('mcp')
  .description('serve the index to one MCP client over stdio')
  .option('--index <dir>', 'index directory', DEFAULT_INDEX)
  .option('--model-dir <dir>', "a local folder holding the index's embedding model; default $MCDEWEY_MODEL_DIR")
  .option('--public-url <url>', PUBLIC_URL_HELP, publicUrl)
  .action(lazyAction(() => import('./commands/mcp.js').then((module) => module.mcpCommand)));

program
  .command('export')
  .description('write the library as a static site with search in the browser')
  .option('--index <dir>', 'index directory', DEFAULT_INDEX)
  .requiredOption('--out <dir>', 'folder to write the site to')
  .option('--base-path <path>', 'URL path the site is served under', '/')
  .option('--corpus <dir>', 'the corpus folder, to copy the original files (PDFs) into the site')
  .option('--with-model <dir>', "a folder holding the index's embedding model: semantic search in the browser")
  .option('--json', 'print the export report as JSON on stdout')
  .action(lazyAction(() => import('./commands/export.js').then((module) => module.exportCommand)));

program
  .command('eval')
  .description('score ranking quality on a test collection (nDCG@10, MAP@100, Recall@100, MRR@10) or a golden docs collection over an index')
  .requiredOption('--collection <path>', 'a collection folder (BEIR, TREC, Cranfield or CISI) or a golden collection .json file')
  .addOption(new Option('--format <format>', 'collection format (detected when absent)').choices(['beir', 'trec', 'cranfield', 'cisi', 'golden']))
  .option('--index <dir>', 'golden collections: the index of the corpus the questions were written for')
  .option('--split <split>', 'golden: tune or test (default both); BEIR/TREC: the qrels split to read')
  .addOption(new Option('--list <list>', 'golden: score the 10 results shown (default) or the uncapped chunk ranking').choices(['shown', 'chunks']))
  .option('--mode <mode>', 'mode to score: lexical, semantic or hybrid (repeatable)', oneOfCollected('--mode', ['lexical', 'semantic', 'hybrid']))
  .addOption(new Option('--cranfield-gain <gain>', 'Cranfield grade mapping').choices(['five-minus-grade', 'grade']))
  .option('--model <id>', 'embedding model id for semantic and hybrid modes')
  .option('--model-dir <dir>', 'a local embedding model folder; default $MCDEWEY_MODEL_DIR')
  .option('--json', 'print the results as JSON on stdout')
  .action(lazyAction(() => import('./commands/eval.js').then((module) => module.evalCommand)));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message; help and --version exit cleanly.
    process.exit(error.exitCode === 0 ? EXIT_CODES.ok : EXIT_USAGE);
  }
  const known = await asMcdeweyError(error);
  if (known) {
    process.stderr.write(`mcdewey: ${known.message}\n`);
    // Programs asking for JSON (serve --watch's child ingest) also get the refusal's code.
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code: (known as Error & { code: string }).code, message: known.message } })}\n`);
    process.exit(EXIT_USAGE);
  }
  process.stderr.write(`mcdewey: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(EXIT_CODES.internal);
}
