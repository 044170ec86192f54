import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** A JSON-RPC peer on a child process's stdin and stdout, one message a line (MCP over stdio). */
export interface JsonRpcChild {
  child: ChildProcessWithoutNullStreams;
  /** The next message from the child with this id (`null` for an error without one); fails after 20 s. */
  answer(id: number | null): Promise<any>;
  /** Writes a message (an object, or a line as it is) to the child's stdin. */
  send(message: unknown): void;
  /** What the child wrote to stderr so far. */
  stderr(): string;
  /** The child's exit code, once it exits. */
  exit: Promise<number | null>;
}

/** Reads `child`'s stdout as JSON-RPC messages, one a line, and answers them by id. */
export function jsonRpcChild(child: ChildProcessWithoutNullStreams): JsonRpcChild {
  const received: any[] = [];
  const waiting: { id: number | null; resolve: (message: any) => void }[] = [];
  let buffer = '';
  child.stdout.on('data', (data: Buffer) => {
    buffer += data.toString();
    let newline;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const message = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      const waiter = waiting.findIndex((entry) => entry.id === (message.id ?? null));
      if (waiter === -1) received.push(message);
      else waiting.splice(waiter, 1)[0]!.resolve(message);
    }
  });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    answer: (id) => {
      const index = received.findIndex((message) => (message.id ?? null) === id);
      if (index !== -1) return Promise.resolve(received.splice(index, 1)[0]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer with id ${id} in 20 s; stderr: ${stderr.slice(-2000)}`)), 20_000);
        waiting.push({ id, resolve: (message) => (clearTimeout(timer), resolve(message)) });
      });
    },
    send: (message) => child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`),
    stderr: () => stderr,
    exit,
  };
}
