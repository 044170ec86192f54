import type { IncomingMessage, ServerResponse } from 'node:http';
import { RPC_CODES, refuse } from './http-refuse.js';

class BodyTooLarge extends Error {}

/** Reads a request body up to `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    // A client that hangs up mid-body: settle, so nothing waits for an 'end' that never comes.
    req.once('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before sending the whole body'));
    });
  });
}

function tooLarge(res: ServerResponse, maxBodyBytes: number, headers: Record<string, string> = {}): undefined {
  refuse(res, 413, RPC_CODES.BAD_REQUEST, `Payload too large: the limit is ${maxBodyBytes} bytes`, headers);
  return undefined;
}

/**
 * The JSON body of a POST, at most `maxBodyBytes`: read from the request, or taken from `req.body`
 * when an Express body parser already ran (parsed, or as a raw Buffer / string). A body too large
 * gets 413 and one that is not JSON 400; then the result is undefined and the response is answered.
 */
export async function readJsonBody(req: IncomingMessage & { body?: unknown }, res: ServerResponse, maxBodyBytes: number): Promise<{ body: unknown } | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    refuse(res, 413, RPC_CODES.BAD_REQUEST, `Payload too large: the body is ${declared} bytes; the limit is ${maxBodyBytes}`, { connection: 'close' });
    req.resume();
    return undefined;
  }
  if (req.body !== undefined && !Buffer.isBuffer(req.body) && typeof req.body !== 'string') return { body: req.body };
  let raw: Buffer | string;
  try {
    raw = req.body !== undefined ? (req.body as Buffer | string) : await readBody(req, maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    tooLarge(res, maxBodyBytes, { connection: 'close' });
    req.resume();
    return undefined;
  }
  if (Buffer.byteLength(raw) > maxBodyBytes) return tooLarge(res, maxBodyBytes);
  try {
    return { body: JSON.parse(raw.toString()) };
  } catch (error) {
    refuse(res, 400, RPC_CODES.PARSE_ERROR, `Parse error: the body is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}
