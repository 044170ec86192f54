import { Transform, type TransformCallback } from 'node:stream';

/** A line that was too long and dropped, as `LineLimiter` reports it. */
export interface OversizeLine {
  /** Bytes of the line, without its newline. */
  bytes: number;
  /**
   * The JSON-RPC `id` of the dropped message when it can be read off the line's first or last
   * bytes (where clients put it), so the client's request gets an answer rather than a timeout.
   */
  id: string | number | null;
}

const EDGE = 512;

/**
 * Passes newline-delimited input on one whole line at a time and drops any line longer than
 * `maxBytes` without holding more than `maxBytes` of it in memory, reporting it to `onOversize`.
 * The stdio transport behind it then never sees more than one limit's worth of buffered input.
 */
export class LineLimiter extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while the current line is over the limit: its bytes are counted, not kept. */
  private oversize: { bytes: number; head: Buffer; tail: Buffer } | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly onOversize: (line: OversizeLine) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      this.append(chunk.subarray(start, end));
      if (newline === -1) break;
      this.endLine();
      start = newline + 1;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.oversize) this.report();
    else if (this.pendingBytes > 0) this.push(Buffer.concat(this.pending));
    done();
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.oversize) {
      this.oversize.bytes += part.length;
      this.oversize.tail = Buffer.concat([this.oversize.tail, part]).subarray(-EDGE);
      return;
    }
    if (this.pendingBytes + part.length <= this.maxBytes) {
      this.pending.push(part);
      this.pendingBytes += part.length;
      return;
    }
    const line = Buffer.concat([...this.pending, part]);
    this.oversize = { bytes: line.length, head: line.subarray(0, EDGE), tail: line.subarray(-EDGE) };
    this.pending = [];
    this.pendingBytes = 0;
  }

  private endLine(): void {
    if (this.oversize) {
      this.report();
      return;
    }
    this.pending.push(Buffer.from('\n'));
    this.push(Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  private report(): void {
    const { bytes, head, tail } = this.oversize!;
    this.oversize = undefined;
    this.onOversize({ bytes, id: idOf(head.toString('utf8'), tail.toString('utf8')) });
  }
}

const ID_VALUE = String.raw`(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")`;
/** `{"jsonrpc":"2.0","method":"…","id":7,…`: the id among the first keys. */
const ID_AT_START = new RegExp(String.raw`^\s*\{(?:\s*"(?:jsonrpc|method)"\s*:\s*"[^"\\]{0,200}"\s*,)*\s*"id"\s*:\s*${ID_VALUE}`);
/** `…,"id":7}`: the id as the last key of the top-level object (a nested one would end in `}}`). */
const ID_AT_END = new RegExp(String.raw`[,{]\s*"id"\s*:\s*${ID_VALUE}\s*\}\s*$`);

function idOf(head: string, tail: string): string | number | null {
  const match = ID_AT_START.exec(head) ?? ID_AT_END.exec(tail.replace(/\r$/, ''));
  if (!match) return null;
  try {
    return JSON.parse(match[1]!) as string | number;
  } catch {
    return null;
  }
}
