import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TOOL_VERSION, isMcdeweyError } from '@mcdewey/core';
import { ingestCommand } from './commands/ingest.js';
import { searchCommand } from './commands/search.js';
import { showCommand } from './commands/show.js';

const DEFAULT_INDEX = process.env.MCDEWEY_INDEX ?? '.mcdewey/index';

/** Exit code for a usage error or a request the index cannot answer (bad flag, unknown chunk). */
const EXIT_USAGE = 2;

function integer(name: string, min: number, max: number) {
  return (value: string) => {
    const number = Number(value);
    if (!/^-?\d+$/.test(value) || number < min || number > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return number;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command('mcdewey')
  .description('McDewey: a documentation library for many vendors, with citable chunks and hybrid search.')
  .version(TOOL_VERSION)
  .exitOverride()
  .enablePositionalOptions()
  .showSuggestionAfterError();

program
  .command('ingest')
  .description('read a corpus (vendor/version/group/doc.ext) into an index; re-ingest is incremental')
  .argument('<corpus-dir>', 'the corpus folder')
  .option('--index <dir>', 'index directory', DEFAULT_INDEX)
  .option('--model <id>', 'embedding model id (default Xenova/bge-small-en-v1.5; downloaded once where the network allows)')
  .option('--model-dir <dir>', 'a local model folder (config.json, tokenizer.json, onnx/model.onnx); default $MCDEWEY_MODEL_DIR')
  .option('--no-embed', 'build a lexical-only index')
  .option('--json', 'print the ingest report as JSON on stdout')
  .action(ingestCommand);

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
  .addOption(new Option('--mode <mode>', 'ranking').choices(['lexical', 'semantic', 'hybrid']))
  .option('--explain', "show each result's rank and score per leg")
  .option('--model-dir <dir>', "a local folder holding the index's embedding model; default $MCDEWEY_MODEL_DIR")
  .option('--json', 'print { mode, results } as JSON on stdout')
  .action(searchCommand);

program
  .command('show')
  .description('print a chunk card and its neighbours')
  .argument('<chunk-id>', 'vendor::version::group::doc::n')
  .option('--index <dir>', 'index directory', DEFAULT_INDEX)
  .option('--context <n>', 'neighbouring chunks on each side (0-50)', integer('--context', 0, 50), 0)
  .option('--json', 'print the chunk and its neighbours as JSON on stdout')
  .action(showCommand);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message; help and --version exit cleanly.
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  }
  if (isMcdeweyError(error)) {
    process.stderr.write(`mcdewey: ${error.message}\n`);
    process.exit(EXIT_USAGE);
  }
  process.stderr.write(`mcdewey: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
