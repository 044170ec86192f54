import { randomBytes } from 'node:crypto';

/**
 * Entries kept in memory under opaque random ids, each until its time is up. Expired entries are
 * dropped when read and swept as new ones arrive; past `capacity` the oldest entry goes first, so
 * a flood of unfinished sign-ins cannot grow the process without bound.
 */
export class ExpiringStore<T> {
  readonly #entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    /** How long an entry lives, in milliseconds. */
    private readonly ttlMs: number,
    /** The most entries kept at once. */
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores a value under a new id (32 random bytes, base64url) and returns the id. */
  add(value: T): string {
    this.#sweep();
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    this.#entries.set(id, { value, expiresAt: this.now() + this.ttlMs });
    return id;
  }

  /** The value under an id, or undefined when there is none or it expired. */
  get(id: string | undefined): T | undefined {
    if (id === undefined) return undefined;
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(id);
      return undefined;
    }
    return entry.value;
  }

  /** Removes an id and returns what it held (a one-time read). */
  take(id: string | undefined): T | undefined {
    const value = this.get(id);
    if (id !== undefined) this.#entries.delete(id);
    return value;
  }

  /** How many entries are held (expired ones not yet swept included). */
  get size(): number {
    return this.#entries.size;
  }

  /** Entries are in insertion order with one ttl, so the expired ones are at the front. */
  #sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(id);
    }
  }
}
