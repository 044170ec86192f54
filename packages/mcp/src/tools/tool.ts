import { leaseLibrary, type Library, type LibrarySource, type SearchMode } from '@mcdewey/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type * as z from 'zod';
import { guarded, type GuardContext } from './result.js';

/** Limits of the MCP tools (tighter than core's, to keep answers within an agent's context). */
export const TOOL_LIMITS = {
  /** `search_docs` limit: default and maximum. */
  searchLimit: { default: 5, max: 50 },
  /** `get_chunk` context: default and maximum neighbours on each side. */
  context: { default: 1, max: 10 },
  /** `list_documents` page size: default and maximum. */
  documentsPage: { default: 50, max: 200 },
  /** `search_docs` max_tokens: least and most (no default: without it the answer is not trimmed). */
  searchTokens: { min: 200, max: 100_000 },
  /** `read_document` max_tokens: least (an answer's labels and links alone take several hundred), default and most. */
  readTokens: { min: 1000, default: 4000, max: 50_000 },
} as const;

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/**
 * What a tool definition may mention of the library it serves: its filter values (from the
 * generation served when the session began; each call runs on the generation served then).
 */
export interface ToolLibrary {
  vendors: readonly string[];
  versions: readonly string[];
  groups: readonly string[];
  /** The search modes this index can serve, the default first. */
  modes: readonly SearchMode[];
}

/**
 * One MCP tool: what `tools/list` shows (name, title, description, schemas) and the handler. Every
 * McDewey tool is read-only; its annotation title is its title.
 */
export interface McdeweyTool<Input extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  inputSchema: Input;
  outputSchema: z.ZodObject;
  /** The tool's `_meta` in `tools/list`, e.g. the MCP App (`ui://` resource) that shows its results. */
  _meta?: Record<string, unknown>;
  /**
   * Answers a call with arguments already checked against `inputSchema`, from `library` (leased
   * for the call); a throw becomes an error result.
   */
  run(args: z.output<Input>, library: Library): CallToolResult | Promise<CallToolResult>;
}

/**
 * Registers `tool` on `server`, its handler wrapped so that a throw becomes an error result the
 * agent can act on. Each call leases the library `source` serves then, until the call ends.
 */
export function registerTool<Input extends z.ZodObject>(server: McpServer, tool: McdeweyTool<Input>, guard: GuardContext, source: LibrarySource): void {
  const run = async (args: z.output<Input>) => {
    const lease = leaseLibrary(source);
    try {
      return await guarded(tool.name, guard, () => tool.run(args, lease.library));
    } finally {
      lease.release();
    }
  };
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      ...(tool._meta ? { _meta: tool._meta } : {}),
      annotations: { title: tool.title, ...READ_ONLY },
    },
    run as Parameters<McpServer['registerTool']>[2],
  );
}
