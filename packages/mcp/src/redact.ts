import { basename } from 'node:path';

/**
 * An absolute path in running text: POSIX (`/srv/index`), Windows (`C:\index`, `\\server\share`) or
 * a `file:` URL, starting after a space, quote, bracket or punctuation (so `mcdewey://chunk/x` and
 * `a/b` are left alone) and running to the next space or quote (a sentence's final `.` or `:` stays).
 */
const ABSOLUTE_PATH = /(^|[\s"'`(<[{=,;])(?:file:\/\/\/?|\/(?![/\s])|[A-Za-z]:[\\/]|\\\\)[^\s"'`)>\]},;]*?(?=[.:]?(?:[\s"'`)>\]},;]|$))/g;

/**
 * Takes the server's file-system layout out of a message meant for a remote client (an MCP agent,
 * a web page, a JSON API caller): a path inside one of `roots` (the index folder, the corpus
 * folder) becomes relative to the root's parent (`/srv/lib/index/manifest.json` → `index/manifest.json`);
 * any other absolute path becomes `<path>`. Messages written for clients (route names like `/api/search`)
 * must not be passed through it.
 */
export function redactPaths(message: string, roots: readonly (string | undefined)[] = []): string {
  let text = message;
  const known = roots.filter((root): root is string => typeof root === 'string' && root.length > 1).map((root) => root.replace(/[\\/]+$/, ''));
  for (const root of known.sort((a, b) => b.length - a.length)) text = text.split(root).join(basename(root));
  return text.replace(ABSOLUTE_PATH, '$1<path>');
}

/** The message of any thrown value, with `redactPaths` applied: what a remote client may be told. */
export function clientMessage(error: unknown, roots: readonly (string | undefined)[] = []): string {
  return redactPaths(error instanceof Error ? error.message : String(error), roots);
}
