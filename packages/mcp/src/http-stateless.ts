import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/**
 * Answers POSTs without sessions: each request gets a fresh stateless transport (the SDK requires
 * one per request, so that request ids of different clients cannot collide) connected to an idle
 * MCP server taken from a pool, and the answer is plain JSON. Servers are reused because building
 * one (tool schemas, handlers) costs more than answering a search; at most `maxIdle` wait. Idle
 * servers are dropped when the library's generation changes, so tool descriptions follow a swap.
 */
export class StatelessServerPool {
  private readonly idle: McpServer[] = [];
  private readonly create: () => McpServer;
  private readonly maxIdle: number;
  private readonly generationOf: () => number;
  private generation: number;

  /** @param generation the generation of the library the servers describe (see `LiveLibrary`) */
  constructor(create: () => McpServer, generation: () => number = () => 1, maxIdle = 64) {
    this.create = create;
    this.maxIdle = maxIdle;
    this.generationOf = generation;
    this.generation = generation();
  }

  /** Idle servers waiting for a request. */
  get size(): number {
    return this.idle.length;
  }

  /** Answers one POST (its JSON body already read) and returns the server to the pool. */
  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const generation = this.generationOf();
    if (generation !== this.generation) {
      this.idle.length = 0;
      this.generation = generation;
    }
    const server = this.idle.pop() ?? this.create();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    let reusable = true;
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    } catch (error) {
      reusable = false;
      throw error;
    } finally {
      // Closing disconnects the server from this request's transport, so it can take the next one.
      await server.close().catch(() => {
        reusable = false;
      });
      if (reusable && generation === this.generation && this.idle.length < this.maxIdle) this.idle.push(server);
    }
  }

  /** Drops the idle servers (in-flight requests finish on their own). */
  clear(): void {
    this.idle.length = 0;
  }
}
