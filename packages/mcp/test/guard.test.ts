import { describe, expect, it } from 'vitest';
import { allowedHostEntry, hostAllowed, hostRefusal, isLoopbackHostname, originAllowed } from '../src/guard.js';

describe('isLoopbackHostname', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost'])('accepts %s', (name) => {
    expect(isLoopbackHostname(name)).toBe(true);
  });
  it.each(['example.com', '127.0.0.1.nip.io', 'localhost.example.com', '10.0.0.1', '0.0.0.0', '[::]', '128.0.0.1'])('refuses %s', (name) => {
    expect(isLoopbackHostname(name)).toBe(false);
  });
});

describe('hostAllowed', () => {
  it('accepts loopback hosts with or without a port', () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:80', '[::1]:8080']) expect(hostAllowed(host, [])).toBe(true);
  });
  it('refuses a missing, malformed or foreign host', () => {
    for (const host of [undefined, '', 'evil.example.com', 'evil.example.com:3000', 'a b', '127.0.0.1@evil.example']) expect(hostAllowed(host, []), host).toBe(false);
  });
  it('accepts listed hosts by hostname (any port) or hostname:port (that port)', () => {
    expect(hostAllowed('docs.internal:8080', ['docs.internal'])).toBe(true);
    expect(hostAllowed('DOCS.internal', ['docs.internal'])).toBe(true);
    expect(hostAllowed('docs.internal:8080', ['docs.internal:8080'])).toBe(true);
    expect(hostAllowed('docs.internal:9090', ['docs.internal:8080'])).toBe(false);
  });
});

describe('originAllowed', () => {
  it('accepts no Origin and loopback http(s) origins', () => {
    for (const origin of [undefined, 'http://localhost', 'http://localhost:5173', 'https://127.0.0.1:8443', 'http://[::1]:3000']) expect(originAllowed(origin, [])).toBe(true);
  });
  it('refuses foreign, opaque and non-web origins', () => {
    for (const origin of ['https://evil.example', 'null', 'file://', 'chrome-extension://abc', 'http://localhost.evil.example', 'garbage']) expect(originAllowed(origin, []), origin).toBe(false);
  });
  it('accepts listed origins exactly (scheme, host and port)', () => {
    expect(originAllowed('https://docs.example.com', ['https://docs.example.com/'])).toBe(true);
    expect(originAllowed('http://docs.example.com', ['https://docs.example.com'])).toBe(false);
    expect(originAllowed('https://docs.example.com:8443', ['https://docs.example.com'])).toBe(false);
  });
});

describe('allowedHostEntry', () => {
  it('accepts host names, IPs and bracketed IPv6, with or without a port, lower-cased', () => {
    expect(['Docs.Example.com', 'docs.example.com:8080', '10.0.0.5', '[fd00::1]:3000', 'intranet'].map(allowedHostEntry)).toEqual([
      'docs.example.com',
      'docs.example.com:8080',
      '10.0.0.5',
      '[fd00::1]:3000',
      'intranet',
    ]);
  });
  it.each(['https://docs.example.com', 'docs.example.com/path', '', '*.example.com', 'a b', 'docs..example.com', 'host:port'])('refuses %j, naming it', (entry) => {
    expect(() => allowedHostEntry(entry)).toThrow(new RegExp(`"${entry.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is not a host name`));
  });
});

describe('hostRefusal', () => {
  it('is one line naming the refused host, the allowed ones and how to allow more', () => {
    const message = hostRefusal('evil.example:80\r\nX: y', ['docs.example.com']);
    expect(message).toBe(
      'Forbidden: Host "evil.example:80??X: y" is not allowed (DNS rebinding protection); allowed: localhost, 127.0.0.1, [::1], docs.example.com. Serve other names with --allowed-hosts or the allowedHosts option',
    );
  });
});
