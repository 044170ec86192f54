/** What the registry needs of a session: a way to end it. */
export interface ClosableSession {
  close(): Promise<void>;
}

/** Something whose end marks the end of a request or stream (a `ServerResponse`). */
export interface ClosingResponse {
  once(event: 'close', listener: () => void): unknown;
}

/** One session and its use: when it was last used and how many of its requests and streams are open. */
export class SessionEntry<S extends ClosableSession> {
  readonly session: S;
  /** `Date.now()` when a request of the session last started or ended. */
  lastSeen = Date.now();
  /** Open GET streams and in-flight requests: a session with any is never idle. */
  active = 0;

  constructor(session: S) {
    this.session = session;
  }
}

/** Options of {@link SessionRegistry}. */
export interface SessionRegistryOptions {
  /** Most sessions listed at once; at the limit `reserve` ends the least recently used. */
  maxSessions: number;
  /** A session with no open request or stream for this long is ended. */
  idleMs: number;
}

/**
 * The open sessions of the MCP HTTP handler, by session id: creation, lookup, use, idle expiry, the
 * session limit and closing. An ended session's `close()` is called once and its errors ignored
 * (a session that fails to close is gone all the same).
 */
export class SessionRegistry<S extends ClosableSession> {
  private readonly sessions = new Map<string, SessionEntry<S>>();
  private readonly options: SessionRegistryOptions;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(options: SessionRegistryOptions) {
    this.options = options;
  }

  /** Sessions listed now. */
  get size(): number {
    return this.sessions.size;
  }

  /**
   * Makes room for one more session (at the limit the least recently used idle one ends, else the
   * least recently used) and returns an entry for `session`, not yet listed: see {@link list}.
   */
  reserve(session: S): SessionEntry<S> {
    if (this.sessions.size >= this.options.maxSessions) this.endLeastRecentlyUsed();
    return new SessionEntry(session);
  }

  /** Lists `entry` under `id` (once its transport has issued the id), and starts the idle sweep. */
  list(id: string, entry: SessionEntry<S>): void {
    this.sessions.set(id, entry);
    this.startSweeper();
  }

  /** The listed session with this id, or undefined when it ended or never existed. */
  get(id: string): SessionEntry<S> | undefined {
    return this.sessions.get(id);
  }

  /** Counts `response` as open use of `entry` until it closes: the session is not idle meanwhile. */
  track(entry: SessionEntry<S>, response: ClosingResponse): void {
    entry.active += 1;
    entry.lastSeen = Date.now();
    response.once('close', () => {
      entry.active -= 1;
      entry.lastSeen = Date.now();
    });
  }

  /** Unlists the session with this id and closes it; nothing happens for an unknown id. */
  end(id: string): void {
    const entry = this.sessions.get(id);
    if (!entry) return;
    this.sessions.delete(id);
    entry.session.close().catch(() => {});
  }

  /** Ends every session, waiting for them to close. New sessions may be listed afterwards. */
  async closeAll(): Promise<void> {
    this.stopSweeper();
    const open = [...this.sessions.values()];
    // Unlisted first, so a session whose close calls back into `end` finds nothing to do.
    this.sessions.clear();
    await Promise.all(open.map((entry) => entry.session.close().catch(() => {})));
  }

  /** Ends the sessions idle for longer than `idleMs`; stops the sweep once none are left. */
  private sweep(): void {
    const cutoff = Date.now() - this.options.idleMs;
    for (const [id, entry] of this.sessions) if (entry.active === 0 && entry.lastSeen < cutoff) this.end(id);
    if (this.sessions.size === 0) this.stopSweeper();
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    const every = Math.max(1000, Math.min(60_000, Math.floor(this.options.idleMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  private stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private endLeastRecentlyUsed(): void {
    // Idle sessions go before busy ones; among equals, the least recently used.
    const rank = (entry: SessionEntry<S>) => [entry.active > 0 ? 1 : 0, entry.lastSeen] as const;
    let victim: string | undefined;
    let victimRank: readonly [number, number] | undefined;
    for (const [id, entry] of this.sessions) {
      const candidate = rank(entry);
      if (!victimRank || candidate[0] < victimRank[0] || (candidate[0] === victimRank[0] && candidate[1] < victimRank[1])) {
        victim = id;
        victimRank = candidate;
      }
    }
    if (victim) this.end(victim);
  }
}
