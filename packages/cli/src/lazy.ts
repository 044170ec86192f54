// What keeps `mcdewey` quick to start: each command's module (and through it @mcdewey/core, the
// MCP SDK, Express, …) is imported only when that command runs, so `--help`, `--version` and a
// usage error load commander alone.
import { createRequire } from 'node:module';

/**
 * A commander action that imports its command's module on first call (`load` resolves to the
 * command function) and runs it with the action's arguments.
 */
export function lazyAction(load: () => Promise<(...args: never[]) => unknown>): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const action = (await load()) as (...args: unknown[]) => unknown;
    await action(...args);
  };
}

/**
 * The version `--version` prints: @mcdewey/core's (its `TOOL_VERSION`, which a core test keeps
 * equal to its package.json), read from the package.json core exports instead of importing core.
 */
export function coreVersion(): string {
  return (createRequire(import.meta.url)('@mcdewey/core/package.json') as { version: string }).version;
}

/**
 * `error` when it is an McdeweyError, else undefined, without importing core up front: by the
 * time a command has thrown one, core is loaded and this import is free; if core itself failed
 * to load, the error is not one.
 */
export async function asMcdeweyError(error: unknown): Promise<Error | undefined> {
  const core = await import('@mcdewey/core').catch(() => undefined);
  return core?.isMcdeweyError(error) ? error : undefined;
}
