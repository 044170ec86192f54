import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionRegistry, type ClosableSession } from '../src/http-sessions.js';

const IDLE_MS = 60_000;

/** A session that counts how often it was closed. */
function session(name: string, close: () => Promise<void> = async () => {}): ClosableSession & { name: string; closed: number } {
  const made = {
    name,
    closed: 0,
    close: () => {
      made.closed += 1;
      return close();
    },
  };
  return made;
}

function registry(maxSessions = 10) {
  return new SessionRegistry<ReturnType<typeof session>>({ maxSessions, idleMs: IDLE_MS });
}

/** Reserves and lists a session under its name, as the handler does once the transport names it. */
function open(sessions: ReturnType<typeof registry>, name: string) {
  const entry = sessions.reserve(session(name));
  sessions.list(name, entry);
  return entry;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionRegistry', () => {
  it('lists a reserved session under its id only once listed, and looks it up', () => {
    const sessions = registry();
    const entry = sessions.reserve(session('a'));
    expect(sessions.size).toBe(0);
    expect(sessions.get('a')).toBeUndefined();
    sessions.list('a', entry);
    expect(sessions.size).toBe(1);
    expect(sessions.get('a')).toBe(entry);
    expect(sessions.get('b')).toBeUndefined();
  });

  it('ends a session once: unlisted and closed, a second end and an unknown id do nothing', async () => {
    const sessions = registry();
    const entry = open(sessions, 'a');
    sessions.end('a');
    sessions.end('a');
    sessions.end('never');
    expect(sessions.get('a')).toBeUndefined();
    expect(entry.session.closed).toBe(1);
  });

  it('ignores a session whose close fails', async () => {
    const sessions = registry();
    const entry = sessions.reserve(session('a', () => Promise.reject(new Error('transport gone'))));
    sessions.list('a', entry);
    sessions.end('a');
    await vi.runAllTimersAsync();
    expect(sessions.size).toBe(0);
    expect(entry.session.closed).toBe(1);
  });

  it('ends a session idle for longer than idleMs, and only then', () => {
    const sessions = registry();
    const entry = open(sessions, 'a');
    vi.advanceTimersByTime(IDLE_MS / 2);
    expect(sessions.get('a')).toBe(entry);
    vi.advanceTimersByTime(IDLE_MS);
    expect(sessions.get('a')).toBeUndefined();
    expect(entry.session.closed).toBe(1);
  });

  it('never ends a session with an open stream; its idle time counts from when the stream closes', () => {
    const sessions = registry();
    const entry = open(sessions, 'a');
    const stream = new EventEmitter();
    sessions.track(entry, stream);
    vi.advanceTimersByTime(IDLE_MS * 5);
    expect(sessions.get('a')).toBe(entry);
    expect(entry.active).toBe(1);
    stream.emit('close');
    expect(entry.active).toBe(0);
    vi.advanceTimersByTime(IDLE_MS / 2);
    expect(sessions.get('a')).toBe(entry);
    vi.advanceTimersByTime(IDLE_MS);
    expect(sessions.get('a')).toBeUndefined();
  });

  it('a request keeps a session alive: lastSeen moves on when it starts and ends', () => {
    const sessions = registry();
    const entry = open(sessions, 'a');
    vi.advanceTimersByTime(IDLE_MS - 5_000);
    const request = new EventEmitter();
    sessions.track(entry, request);
    request.emit('close');
    vi.advanceTimersByTime(IDLE_MS - 5_000);
    expect(sessions.get('a')).toBe(entry);
  });

  it('stops its sweep timer when no session is left, and starts it again for a new one', () => {
    const sessions = registry();
    expect(vi.getTimerCount()).toBe(0);
    open(sessions, 'a');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(IDLE_MS * 2);
    expect(sessions.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    open(sessions, 'b');
    expect(vi.getTimerCount()).toBe(1);
  });

  it('at the limit, a new session ends the least recently used idle one', () => {
    const sessions = registry(3);
    const a = open(sessions, 'a');
    vi.advanceTimersByTime(1_000);
    const b = open(sessions, 'b');
    vi.advanceTimersByTime(1_000);
    open(sessions, 'c');
    // a is the oldest but busy; b is the least recently used idle one.
    sessions.track(a, new EventEmitter());
    vi.advanceTimersByTime(1_000);
    sessions.reserve(session('d'));
    expect(b.session.closed).toBe(1);
    expect([sessions.get('a'), sessions.get('b'), sessions.get('c')].map(Boolean)).toEqual([true, false, true]);
  });

  it('at the limit with every session busy, the least recently used one ends', () => {
    const sessions = registry(2);
    const a = open(sessions, 'a');
    sessions.track(a, new EventEmitter());
    vi.advanceTimersByTime(1_000);
    const b = open(sessions, 'b');
    sessions.track(b, new EventEmitter());
    sessions.reserve(session('c'));
    expect(a.session.closed).toBe(1);
    expect(sessions.get('a')).toBeUndefined();
    expect(sessions.get('b')).toBe(b);
  });

  it('below the limit, reserving ends nothing', () => {
    const sessions = registry(2);
    const a = open(sessions, 'a');
    sessions.reserve(session('b'));
    expect(a.session.closed).toBe(0);
  });

  it('closeAll closes every session, even one that ends itself while closing, and new sessions may follow', async () => {
    const sessions = registry();
    const a = open(sessions, 'a');
    // Like a transport whose close reports back to the handler, which ends the session again.
    const b = sessions.reserve(session('b', async () => sessions.end('b')));
    sessions.list('b', b);
    await sessions.closeAll();
    expect(sessions.size).toBe(0);
    expect([a.session.closed, b.session.closed]).toEqual([1, 1]);
    expect(vi.getTimerCount()).toBe(0);
    const c = open(sessions, 'c');
    expect(sessions.get('c')).toBe(c);
  });
});
